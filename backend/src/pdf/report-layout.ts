import { A4, textWidth, type PdfPage, type Rule, type TextRun } from './pdf-writer';

// ---- Flowing a report onto A4 pages: headings, label/value lines, paragraphs, rules -------------
// Lines wrap at character boundaries (Chinese has no spaces to break at) and a page ends when the next
// line would cross the bottom margin; every page gets the report's footer with its page number.

export type ReportBlock =
  | { readonly kind: 'title'; readonly text: string }
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'field'; readonly label: string; readonly value: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'rule' }
  | { readonly kind: 'space' };

const MARGIN = 50;
const WIDTH = A4.width - 2 * MARGIN;
const SIZES = { title: 18, heading: 13, field: 10, text: 10 } as const;
const LABEL_WIDTH = 90;

/** Splits text into lines no wider than `width` at `size` (explicit newlines kept). */
export const wrap = (text: string, size: number, width: number): string[] => {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const ch of paragraph) {
      if (line !== '' && textWidth(line + ch, size) > width) {
        lines.push(line);
        line = ch === ' ' ? '' : ch;
      } else line += ch;
    }
    lines.push(line);
  }
  return lines;
};

/** Lays the blocks out on as many pages as they need; `footer(page, pages)` is printed on each. */
export const layoutReport = (blocks: readonly ReportBlock[], footer: (page: number, pages: number) => string): PdfPage[] => {
  const pages: { texts: TextRun[]; rules: Rule[] }[] = [];
  let current = { texts: [] as TextRun[], rules: [] as Rule[] };
  pages.push(current);
  let y = A4.height - MARGIN;
  const need = (height: number) => {
    if (y - height < MARGIN + 20) {
      current = { texts: [], rules: [] };
      pages.push(current);
      y = A4.height - MARGIN;
    }
  };
  const line = (x: number, size: number, text: string, grey = 0) => {
    need(size * 1.5);
    y -= size * 1.5;
    current.texts.push({ x, y, size, text, grey });
  };
  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
      case 'heading':
        if (block.kind === 'heading') y -= 6;
        for (const l of wrap(block.text, SIZES[block.kind], WIDTH)) line(MARGIN, SIZES[block.kind], l);
        break;
      case 'text':
        for (const l of wrap(block.text, SIZES.text, WIDTH)) line(MARGIN, SIZES.text, l);
        break;
      case 'field': {
        const values = wrap(block.value, SIZES.field, WIDTH - LABEL_WIDTH);
        values.forEach((value, index) => {
          line(MARGIN + LABEL_WIDTH, SIZES.field, value);
          if (index === 0) current.texts.push({ x: MARGIN, y, size: SIZES.field, text: block.label, grey: 0.35 });
        });
        break;
      }
      case 'rule':
        need(8);
        y -= 4;
        current.rules.push({ x1: MARGIN, y1: y, x2: A4.width - MARGIN, y2: y, width: 0.5 });
        y -= 4;
        break;
      case 'space':
        y -= 8;
        break;
    }
  }
  return pages.map((page, index) => ({
    rules: page.rules,
    texts: [...page.texts, { x: MARGIN, y: MARGIN - 10, size: 8, text: footer(index + 1, pages.length), grey: 0.45 }],
  }));
};
