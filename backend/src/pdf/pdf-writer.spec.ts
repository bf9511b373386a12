import { writeFileSync } from 'node:fs';
import { writePdf, textWidth } from './pdf-writer';
import { layoutReport, wrap } from './report-layout';
import { extractPdfText } from './testing/pdf-text';

// Our PDF writer: a reader finds the objects through the cross-reference table, the pages in order,
// and the Chinese text through the font's ToUnicode CMap.

const createdAt = new Date('2026-12-01T08:00:00.000Z');

describe('the PDF writer', () => {
  it('writes pages whose Chinese and Latin text extracts as written', () => {
    const pdf = writePdf(
      [
        { texts: [{ x: 50, y: 780, size: 18, text: '设备维修履历 · Device history' }, { x: 50, y: 750, size: 10, text: '更换主轴轴承（6205-2RS）×2，清洁冷却系统。' }], rules: [{ x1: 50, y1: 740, x2: 545, y2: 740 }] },
        { texts: [{ x: 50, y: 780, size: 10, text: '第二页：验收通过 ✓' }], rules: [] },
      ],
      { title: '设备维修履历', createdAt },
    );
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    const extracted = extractPdfText(pdf);
    expect(extracted).toEqual({
      pageCount: 2,
      pages: ['设备维修履历 · Device history\n更换主轴轴承（6205-2RS）×2，清洁冷却系统。', '第二页：验收通过 ✓'],
      fonts: ['STSong-Light-UniGB-UCS2-H'],
    });
    if (process.env['PDF_SAMPLE_OUT']) writeFileSync(process.env['PDF_SAMPLE_OUT'], pdf);
  });

  it('replaces what UCS-2 cannot carry (astral characters, controls) instead of writing broken codes', () => {
    const pdf = writePdf([{ texts: [{ x: 50, y: 780, size: 10, text: '好评😀\u0007' }], rules: [] }], { title: 't', createdAt });
    expect(extractPdfText(pdf).pages).toEqual(['好评\uFFFD\uFFFD']);
  });

  it('wraps Chinese at characters and flows onto further pages with numbered footers', () => {
    expect(wrap('一二三四五六', 10, 30)).toEqual(['一二三', '四五六']);
    expect(wrap('ab cd', 10, 10)).toEqual(['ab', 'cd']);
    expect(textWidth('中a', 10)).toBe(15);
    const blocks = Array.from({ length: 120 }, (_, i) => ({ kind: 'field' as const, label: '处理步骤', value: `第 ${i + 1} 步：检查电源模块` }));
    const pages = layoutReport([{ kind: 'title', text: '设备维修履历' }, ...blocks], (page, count) => `第 ${page} / ${count} 页`);
    expect(pages.length).toBeGreaterThan(1);
    const extracted = extractPdfText(writePdf(pages, { title: '设备维修履历', createdAt }));
    expect(extracted.pageCount).toBe(pages.length);
    expect(extracted.pages[0]).toContain('第 1 步：检查电源模块');
    expect(extracted.pages.at(-1)).toContain('第 120 步：检查电源模块');
    expect(extracted.pages.at(-1)).toContain(`第 ${pages.length} / ${pages.length} 页`);
    for (const page of pages) for (const t of page.texts) expect(t.y).toBeGreaterThanOrEqual(30);
  });
});
