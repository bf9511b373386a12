import { inflateSync } from 'node:zlib';

// Text extraction for specs, reading a PDF as a reader would: the cross-reference table gives the
// objects, page content streams are inflated, every shown string is decoded through the font's
// ToUnicode CMap found in the file (not through knowledge of how our writer encodes).

export interface ExtractedPdf {
  readonly pageCount: number;
  /** One string per page: its text runs joined by newlines, in drawing order. */
  readonly pages: readonly string[];
  readonly fonts: readonly string[];
}

const objectsOf = (pdf: Buffer): Map<number, Buffer> => {
  const text = pdf.toString('latin1');
  const start = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  if (!Number.isFinite(start) || !text.startsWith('xref', start)) throw new Error('no cross-reference table at startxref');
  const [, first, count] = /^xref\s+(\d+)\s+(\d+)\s/.exec(text.slice(start)) ?? [];
  const entries = text.slice(start).split('\n').slice(2, 2 + Number(count));
  const objects = new Map<number, Buffer>();
  entries.forEach((entry, index) => {
    const [offset, , kind] = entry.trim().split(' ');
    if (kind !== 'n') return;
    const at = Number(offset);
    const header = `${Number(first) + index} 0 obj`;
    if (!text.startsWith(header, at)) throw new Error(`object ${Number(first) + index} is not at offset ${at}`);
    const end = text.indexOf('\nendobj', at);
    objects.set(Number(first) + index, pdf.subarray(at + header.length + 1, end));
  });
  return objects;
};

const streamOf = (body: Buffer): Buffer => {
  const text = body.toString('latin1');
  const length = Number(/\/Length (\d+)/.exec(text)?.[1]);
  const begin = text.indexOf('stream\n') + 'stream\n'.length;
  const data = body.subarray(begin, begin + length);
  return text.includes('/FlateDecode') ? inflateSync(data) : data;
};

const refOf = (dictionary: string, key: string): number | null => {
  const m = new RegExp(`/${key} (\\d+) 0 R`).exec(dictionary);
  return m ? Number(m[1]) : null;
};

/** bfrange/bfchar entries of a ToUnicode CMap as a code → text function. */
const cmapOf = (cmap: string): ((code: number) => string) => {
  const ranges: [number, number, number][] = [];
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const m of block[1]!.matchAll(/<([0-9A-F]+)>\s*<([0-9A-F]+)>\s*<([0-9A-F]+)>/gi)) ranges.push([parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)]);
  return (code) => {
    const range = ranges.find(([lo, hi]) => code >= lo && code <= hi);
    if (!range) throw new Error(`code ${code.toString(16)} has no Unicode mapping`);
    return String.fromCharCode(range[2] + code - range[0]);
  };
};

export const extractPdfText = (pdf: Buffer): ExtractedPdf => {
  const objects = objectsOf(pdf);
  const str = (id: number) => objects.get(id)?.toString('latin1') ?? '';
  const root = refOf(/trailer\s*<<([\s\S]*?)>>/.exec(pdf.toString('latin1'))?.[1] ?? '', 'Root');
  const pagesId = refOf(str(root ?? 0), 'Pages');
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(str(pagesId ?? 0))?.[1]?.matchAll(/(\d+) 0 R/g) ?? []].map((m) => Number(m[1]));
  const fonts = new Set<string>();
  const pages = kids.map((pageId) => {
    const page = str(pageId);
    const fontId = Number(/\/F1 (\d+) 0 R/.exec(page)?.[1]);
    const font = str(fontId);
    fonts.add(/\/BaseFont \/([^\s/]+)/.exec(font)?.[1] ?? '?');
    const toUnicode = refOf(font, 'ToUnicode');
    if (toUnicode === null) throw new Error('the page font has no ToUnicode CMap');
    const decode = cmapOf(streamOf(objects.get(toUnicode)!).toString('latin1'));
    const content = streamOf(objects.get(refOf(page, 'Contents')!)!).toString('latin1');
    return [...content.matchAll(/<([0-9A-F]*)> Tj/g)]
      .map((m) => (m[1]!.match(/.{4}/g) ?? []).map((unit) => decode(parseInt(unit, 16))).join(''))
      .join('\n');
  });
  return { pageCount: kids.length, pages, fonts: [...fonts] };
};
