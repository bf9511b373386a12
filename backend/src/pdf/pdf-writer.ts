import { deflateSync } from 'node:zlib';

// ---- A small PDF writer of our own: A4 pages of text lines and rules, Chinese included -----------
//
// Text is set in the Adobe-GB1 CID font STSong-Light with the UniGB-UCS2-H CMap — one of the CJK fonts
// every conforming reader supplies itself (PDF 1.7, 9.7.5.2), so nothing is embedded and the files
// stay small. Each string is written as UTF-16BE code units (the CMap's codes are UCS-2) and a
// ToUnicode CMap maps them back, so copying and text extraction give the original characters.
// Characters outside the BMP are replaced by U+FFFD: UCS-2 cannot carry them.

export const A4 = { width: 595.28, height: 841.89 } as const;

export interface TextRun {
  readonly x: number;
  /** Baseline, in points from the bottom of the page. */
  readonly y: number;
  readonly size: number;
  readonly text: string;
  /** Grey level 0 (black) .. 1 (white). */
  readonly grey?: number;
}

export interface Rule {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly width?: number;
}

export interface PdfPage {
  readonly texts: readonly TextRun[];
  readonly rules: readonly Rule[];
}

export interface PdfInfo {
  readonly title: string;
  readonly author?: string;
  readonly createdAt: Date;
}

/** Advance width of a character in em: the font's Latin glyphs are half-width, CJK full-width. */
export const charWidth = (ch: string): number => {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x7f ? 0.5 : code >= 0xff61 && code <= 0xff9f ? 0.5 : 1;
};

/** Width of a string at a font size, in points. */
export const textWidth = (text: string, size: number): number => [...text].reduce((w, ch) => w + charWidth(ch), 0) * size;

const ucs2 = (text: string): string => {
  let hex = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0xfffd;
    // Controls would be unprintable; astral characters do not fit UCS-2.
    const unit = code > 0xffff || code < 0x20 ? 0xfffd : code;
    hex += unit.toString(16).toUpperCase().padStart(4, '0');
  }
  return hex;
};

const num = (n: number) => (Math.round(n * 100) / 100).toString();

/** PDF literal strings for the Info dictionary: UTF-16BE with a byte-order mark, as hex. */
const infoString = (text: string) => `<FEFF${ucs2(text)}>`;

const pdfDate = (d: Date) => `(D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;

/** ToUnicode: every 2-byte code is its own UTF-16 unit (ranges may only vary in the last byte). */
const TO_UNICODE = (() => {
  const ranges: string[] = [];
  for (let high = 0; high < 256; high++) {
    if (high >= 0xd8 && high <= 0xdf) continue;
    const h = high.toString(16).toUpperCase().padStart(2, '0');
    ranges.push(`<${h}00> <${h}FF> <${h}00>`);
  }
  const chunks: string[] = [];
  for (let i = 0; i < ranges.length; i += 100) chunks.push(`${Math.min(100, ranges.length - i)} beginbfrange\n${ranges.slice(i, i + 100).join('\n')}\nendbfrange`);
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...chunks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
})();

/** The page's content stream: rules, then text runs in the one font (F1). */
const contentOf = (page: PdfPage): string => {
  const ops: string[] = [];
  for (const r of page.rules) ops.push(`${num(r.width ?? 0.5)} w ${num(r.x1)} ${num(r.y1)} m ${num(r.x2)} ${num(r.y2)} l S`);
  for (const t of page.texts) {
    ops.push(`BT ${num(t.grey ?? 0)} g /F1 ${num(t.size)} Tf ${num(t.x)} ${num(t.y)} Td <${ucs2(t.text)}> Tj ET`);
  }
  return ops.join('\n');
};

/** Writes a whole document: the objects, the cross-reference table and the trailer. */
export const writePdf = (pages: readonly PdfPage[], info: PdfInfo): Buffer => {
  const objects: Buffer[] = [];
  const add = (body: string | Buffer): number => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    return objects.length;
  };
  const stream = (dictionary: string, data: Buffer): Buffer => {
    const packed = deflateSync(data);
    return Buffer.concat([Buffer.from(`<< ${dictionary} /Length ${packed.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), packed, Buffer.from('\nendstream', 'latin1')]);
  };

  const catalogId = add('');
  const pagesId = add('');
  const descriptorId = add(
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 626 /StemV 93 >>',
  );
  // Latin CIDs 1..95 (space .. tilde) at half an em, the rest full width: matching charWidth above.
  const cidFontId = add(
    `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor ${descriptorId} 0 R /DW 1000 /W [1 95 500] >>`,
  );
  const toUnicodeId = add(stream('', Buffer.from(TO_UNICODE, 'latin1')));
  const fontId = add(`<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H /DescendantFonts [${cidFontId} 0 R] /ToUnicode ${toUnicodeId} 0 R >>`);
  const pageIds: number[] = [];
  for (const page of pages) {
    const contentId = add(stream('', Buffer.from(contentOf(page), 'latin1')));
    pageIds.push(
      add(`<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${num(A4.width)} ${num(A4.height)}] /Resources << /Font << /F1 ${fontId} 0 R >> >> /Contents ${contentId} 0 R >>`),
    );
  }
  objects[catalogId - 1] = Buffer.from(`<< /Type /Catalog /Pages ${pagesId} 0 R >>`, 'latin1');
  objects[pagesId - 1] = Buffer.from(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`, 'latin1');
  const infoId = add(
    `<< /Title ${infoString(info.title)}${info.author ? ` /Author ${infoString(info.author)}` : ''} /Producer (Kuaige Service Cloud) /CreationDate ${pdfDate(info.createdAt)} >>`,
  );

  // The binary comment line tells transfer tools the file is not plain text.
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(offset);
    const chunk = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${catalogId} 0 R /Info ${infoId} 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
};
