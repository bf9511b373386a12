// ---- Marking the matched query terms in a text, for the search results -----------------------------
// The backend names the query's terms an entry holds (Han bigrams, lower-cased latin words); a
// character belongs to a mark when any occurrence of any term covers it, so overlapping bigrams
// (主轴, 轴异, 异响) mark 主轴异响 as one run.

const SEPARATORS = new Set(['-', '_', '.', '/']);
const LATIN = /^[a-z0-9]+$/;

export interface TextPiece {
  readonly text: string;
  readonly mark: boolean;
}

export const highlightPieces = (text: string, terms: readonly string[]): TextPiece[] => {
  const chars = [...text];
  if (chars.length === 0) return [];
  const folded = [...text.normalize('NFKC').toLowerCase()];
  // NFKC may change lengths of rare characters; then highlighting is skipped rather than misplaced.
  if (folded.length !== chars.length || terms.length === 0) return [{ text, mark: false }];
  const marked = new Array<boolean>(chars.length).fill(false);
  for (const term of terms) {
    const t = [...term];
    if (t.length === 0) continue;
    for (let i = 0; i + t.length <= folded.length; i++) {
      if (t.every((c, k) => folded[i + k] === c)) for (let k = 0; k < t.length; k++) marked[i + k] = true;
    }
  }
  // A model number matches however it is written (`vmc850` marks `VMC-850`), as the search tokens do.
  const kept = folded.map((c, i) => ({ c, i })).filter(({ c }) => !SEPARATORS.has(c));
  for (const term of terms.filter((t) => LATIN.test(t))) {
    const t = [...term];
    for (let i = 0; i + t.length <= kept.length; i++) {
      if (t.every((c, k) => kept[i + k]!.c === c)) for (let k = kept[i]!.i; k <= kept[i + t.length - 1]!.i; k++) marked[k] = true;
    }
  }
  const pieces: TextPiece[] = [];
  chars.forEach((c, i) => {
    const last = pieces[pieces.length - 1];
    if (last && last.mark === marked[i]) pieces[pieces.length - 1] = { text: last.text + c, mark: last.mark };
    else pieces.push({ text: c, mark: marked[i]! });
  });
  return pieces;
};
