// ---- Search tokens for Chinese and latin text, the same on every read-store adapter ---------------
//
// Neither the embedded store nor MongoDB's text index segments Chinese, so entries carry their own
// tokens: every pair of neighbouring Han characters (a lone character stands for itself) and every
// lower-cased latin word or model number, also without its separators (`VMC-850` → `vmc-850`, `vmc850`,
// and its parts `vmc`, `850`). A multikey index on the array serves `$in`; the ranking counts terms.

const HAN_RUN = /\p{Script=Han}+/gu;
const LATIN_WORD = /[a-z0-9]+(?:[-_./][a-z0-9]+)*/g;
const SEPARATOR = /[-_./]/;

const normalised = (text: string): string => text.normalize('NFKC').toLowerCase();

const hanTerms = (text: string): string[][] =>
  (normalised(text).match(HAN_RUN) ?? []).flatMap((run) => {
    const chars = [...run];
    if (chars.length === 1) return [[chars[0]!]];
    return chars.slice(1).map((c, i) => [chars[i]! + c]);
  });

const latinWords = (text: string): string[] => (normalised(text).match(LATIN_WORD) ?? []).filter((w) => w.length >= 2 || /^\d$/.test(w));

/** The tokens an indexed text is stored under (deduplicated, in first-seen order). */
export const searchTokens = (...texts: readonly string[]): string[] => {
  const tokens = new Set<string>();
  for (const text of texts) {
    for (const [bigram] of hanTerms(text)) tokens.add(bigram!);
    for (const word of latinWords(text)) {
      tokens.add(word);
      const parts = word.split(SEPARATOR);
      if (parts.length < 2) continue;
      tokens.add(parts.join(''));
      for (const part of parts) if (part.length >= 2 || /^\d+$/.test(part)) tokens.add(part);
    }
  }
  return [...tokens];
};

/**
 * A query as terms, each a set of tokens any of which matches it: a Han bigram stands alone; a latin
 * word matches as written or without its separators (its parts alone would match every `VMC-…`).
 */
export const queryTerms = (query: string): string[][] => {
  const terms = new Map<string, string[]>();
  for (const [bigram] of hanTerms(query)) terms.set(bigram!, [bigram!]);
  for (const word of latinWords(query)) {
    const joined = word.split(SEPARATOR).join('');
    terms.set(word, [...new Set([word, joined])]);
  }
  return [...terms.values()];
};

/** How many of a query's terms must match: all of one or two, otherwise three in five (rounded up). */
export const requiredTerms = (termCount: number): number => (termCount <= 2 ? termCount : Math.ceil(termCount * 0.6));

/** The query's terms the token set holds (each by its first alternative, for highlighting). */
export const matchedTerms = (terms: readonly (readonly string[])[], tokens: ReadonlySet<string>): string[] =>
  terms.filter((alternatives) => alternatives.some((t) => tokens.has(t))).map((alternatives) => alternatives[0]!);
