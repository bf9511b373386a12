import { TabularFileError } from './errors';
import { columnIndex, columnName, dateToSerial, readXlsx, serialToDate, writeXlsx } from './xlsx';
import { readZip, writeZip } from './zip';

const refusal = (run: () => unknown): TabularFileError => {
  try {
    run();
  } catch (error) {
    if (error instanceof TabularFileError) return error;
    throw error;
  }
  throw new Error('expected a TabularFileError');
};
const cells = (bytes: Buffer) => readXlsx(bytes).rows.map((r) => r.cells);
const part = (bytes: Buffer, name: string) => readZip(bytes).read(name).toString('utf8');

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A workbook package from parts given as text, for what other apps write. */
const workbook = (sheetXml: string, extra: Record<string, string> = {}, workbookXml?: string): Buffer =>
  writeZip(
    Object.entries({
      '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      '_rels/.rels': `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
      'xl/workbook.xml':
        workbookXml ??
        `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="员工" sheetId="1" r:id="rId7"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="${PKG}"><Relationship Id="rId7" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId8" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      'xl/worksheets/sheet1.xml': sheetXml,
      ...extra,
    }).map(([name, data]) => ({ name, data })),
  );

describe('writeXlsx', () => {
  it('writes the minimal ECMA-376 package: content types, relationships, workbook, sheet, styles, shared strings', () => {
    const bytes = writeXlsx(
      [
        ['手机号', '姓名'],
        ['13800138000', '张三'],
      ],
      { headerRows: 1 },
    );
    expect(readZip(bytes).entries.map((e) => e.name)).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/worksheets/sheet1.xml',
      'xl/styles.xml',
      'xl/sharedStrings.xml',
    ]);
    const types = part(bytes, '[Content_Types].xml');
    for (const name of ['/xl/workbook.xml', '/xl/worksheets/sheet1.xml', '/xl/styles.xml', '/xl/sharedStrings.xml'])
      expect(types).toContain(`PartName="${name}"`);
    expect(part(bytes, 'xl/sharedStrings.xml')).toContain('count="4" uniqueCount="4"');
  });

  it('makes header rows bold and frozen, and sizes columns (Chinese counts double) unless widths are given', () => {
    const bytes = writeXlsx(
      [
        ['部门名称', 'Name'],
        ['生产部/维修组', 'x'],
      ],
      { headerRows: 1, widths: [undefined, 30] },
    );
    const sheet = part(bytes, 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="A1" s="1" t="s">');
    expect(sheet).toContain('<c r="A2" t="s">');
    expect(sheet).toContain('state="frozen"');
    expect(sheet).toContain('<col min="1" max="1" width="15" customWidth="1"/>'); // 生产部/维修组: 6 wide characters + 1 + 2
    expect(sheet).toContain('<col min="2" max="2" width="30" customWidth="1"/>');
    expect(part(bytes, 'xl/styles.xml')).toMatch(/<font><b\/>/);
    expect(sheet.indexOf('<sheetViews>')).toBeLessThan(sheet.indexOf('<cols>'));
    expect(sheet.indexOf('<cols>')).toBeLessThan(sheet.indexOf('<sheetData>'));
  });

  it('marks text that starts like a formula with the quote-prefix style, so editing it in Excel keeps it text', () => {
    const sheet = part(writeXlsx([['=h'], ['=SUM(A1)'], ['@x'], ['a=b']], { headerRows: 1 }), 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="A1" s="1" t="s">');
    expect(sheet).toContain('<c r="A2" s="4" t="s">');
    expect(sheet).toContain('<c r="A3" s="4" t="s">');
    expect(sheet).toContain('<c r="A4" t="s">');
    expect(part(writeXlsx([]), 'xl/styles.xml')).toContain('<cellXfs count="5">');
    expect(part(writeXlsx([]), 'xl/styles.xml')).toContain('quotePrefix="1"');
    expect(cells(writeXlsx([['=SUM(A1)']], { strings: 'inline' }))).toEqual([['=SUM(A1)']]);
  });

  it('writes inline strings without a shared-string part when told', () => {
    const bytes = writeXlsx([['a', 'a']], { strings: 'inline' });
    expect(readZip(bytes).has('xl/sharedStrings.xml')).toBe(false);
    expect(part(bytes, 'xl/worksheets/sheet1.xml')).toContain('<c r="A1" t="inlineStr"><is><t>a</t></is></c>');
    expect(cells(bytes)).toEqual([['a', 'a']]);
  });

  it('shares one string entry between equal cells', () => {
    const bytes = writeXlsx([['同'], ['同'], ['异']]);
    expect(part(bytes, 'xl/sharedStrings.xml')).toContain('count="3" uniqueCount="2"');
  });

  it('refuses what a spreadsheet cannot hold', () => {
    expect(refusal(() => writeXlsx([['x'.repeat(32_768)]])).rule).toBe('cell-too-long');
    expect(refusal(() => writeXlsx([[Infinity]])).rule).toBe('not-a-number');
    expect(refusal(() => writeXlsx([[new Date(NaN)]])).rule).toBe('not-a-date');
    expect(() => writeXlsx([['x']], { sheetName: 'a/b' })).toThrow(RangeError);
    expect(() => writeXlsx([['x']], { sheetName: 'x'.repeat(32) })).toThrow(RangeError);
  });
});

describe('writeXlsx → readXlsx', () => {
  it('round-trips text (Chinese, XML specials, white space, line breaks), numbers, booleans, dates and gaps', () => {
    const rows = [
      ['手机号', '姓名', '备注'],
      ['13800138000', '欧阳娜娜', '<b>&"\''],
      [' lead', 'trail ', 'a\r\nb\tc'],
      [1.5, -0, true, false],
      [null, undefined, 'only C'],
    ];
    for (const strings of ['shared', 'inline'] as const) {
      const sheet = readXlsx(writeXlsx(rows, { strings, sheetName: '员工' }));
      expect(sheet.name).toBe('员工');
      expect(sheet.rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5]);
      expect(sheet.rows.map((r) => r.cells)).toEqual([rows[0], rows[1], rows[2], [1.5, 0, true, false], [null, null, 'only C']]);
    }
    expect(part(writeXlsx([[1e21, 5e-324]]), 'xl/worksheets/sheet1.xml')).toContain('<v>1E+21</v></c><c r="B1"><v>5E-324</v>');
    expect(cells(writeXlsx([[1e21, 5e-324, -1.5e-7]]))).toEqual([[1e21, 5e-324, -1.5e-7]]);
    const serial = cells(writeXlsx([[new Date(Date.UTC(2024, 2, 5))]]))[0][0];
    expect(serial).toBe(45356);
  });

  it('carries characters XML cannot (controls) and literal _xHHHH_ text through the OOXML escape', () => {
    const text = 'a\u0001b\u001Fc _x0041_ d\uFFFF';
    const bytes = writeXlsx([[text]]);
    expect(part(bytes, 'xl/sharedStrings.xml')).toContain('a_x0001_b_x001F_c _x005F_x0041_ d_xFFFF_');
    expect(cells(bytes)).toEqual([[text]]);
  });

  it('skips rows with nothing in them and keeps the numbers of the others', () => {
    const sheet = readXlsx(writeXlsx([['h'], [], [null, ''], ['x']]));
    expect(sheet.rows.map((r) => [r.number, r.cells])).toEqual([
      [1, ['h']],
      [4, ['x']],
    ]);
  });
});

describe('readXlsx of what other apps write', () => {
  it('reads shared strings with rich-text runs (not their phonetic guides), inline strings, formulas by their cached value, errors, gaps and cells without references', () => {
    const strings = `<sst xmlns="${MAIN}"><si><t>手机号</t></si><si><r><rPr><b/></rPr><t>姓</t></r><r><t xml:space="preserve">名 </t></r><rPh sb="0" eb="1"><t>ひめい</t></rPh></si></sst>`;
    const sheet =
      `<x:worksheet xmlns:x="${MAIN}"><x:sheetData>` +
      '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c></x:row>' +
      '<x:row r="3"><x:c r="A3"><x:v>13800138000</x:v></x:c><x:c r="B3" t="inlineStr"><x:is><x:t>内联</x:t></x:is></x:c><x:c r="D3" t="str"><x:f>A1&amp;"x"</x:f><x:v>手机号x</x:v></x:c></x:row>' +
      '<x:row><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c><x:f>1/0</x:f></x:c><x:c s="3"/></x:row>' +
      '</x:sheetData></x:worksheet>';
    const read = readXlsx(workbook(sheet, { 'xl/sharedStrings.xml': strings }));
    expect(read.name).toBe('员工');
    expect(read.rows).toEqual([
      { number: 1, cells: ['手机号', null, '姓名 '] },
      { number: 3, cells: [13800138000, '内联', null, '手机号x'] },
      { number: 4, cells: [true, { error: '#N/A' }] },
    ]);
  });

  it('reads the first sheet in tab order, and the 1904 date system flag', () => {
    const wb = `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr date1904="1"/><sheets><sheet name="B" sheetId="2" r:id="rId7"/><sheet name="A" sheetId="1" r:id="rId9"/></sheets></workbook>`;
    const read = readXlsx(
      workbook(`<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`, {}, wb),
    );
    expect(read).toEqual({ name: 'B', date1904: true, rows: [{ number: 1, cells: [1] }] });
  });

  it('reads the first visible sheet: a hidden first one holds drop-down lists, not data', () => {
    const wb = `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="lists" sheetId="2" r:id="rId9" state="veryHidden"/><sheet name="员工" sheetId="1" r:id="rId7"/></sheets></workbook>`;
    expect(readXlsx(workbook(`<worksheet xmlns="${MAIN}"><sheetData/></worksheet>`, {}, wb)).name).toBe('员工');
  });

  it('refuses a part with a DOCTYPE (XXE)', () => {
    const hostile = `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>`;
    expect(refusal(() => readXlsx(workbook(hostile))).rule).toBe('xml-doctype');
  });

  it.each([
    ['a shared string that does not exist', '<row r="1"><c r="A1" t="s"><v>5</v></c></row>', 'xlsx-malformed'],
    ['text in a number cell', '<row r="1"><c r="A1"><v>abc</v></c></row>', 'xlsx-malformed'],
    ['rows out of order', '<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>', 'xlsx-malformed'],
    ['a cell of another row', '<row r="1"><c r="A2"><v>1</v></c></row>', 'xlsx-malformed'],
    ['cells out of order', '<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>1</v></c></row>', 'xlsx-malformed'],
    ['a column past XFD', '<row r="1"><c r="XFE1"><v>1</v></c></row>', 'xlsx-malformed'],
  ])('refuses %s', (_, rows, rule) => {
    expect(refusal(() => readXlsx(workbook(`<worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`))).rule).toBe(rule);
  });

  it('refuses a workbook without its parts, or without a sheet', () => {
    expect(refusal(() => readXlsx(writeZip([{ name: 'a.txt', data: 'x' }]))).rule).toBe('xlsx-missing-part');
    const noSheets = `<workbook xmlns="${MAIN}"><sheets/></workbook>`;
    expect(refusal(() => readXlsx(workbook('<worksheet/>', {}, noSheets))).rule).toBe('xlsx-no-sheet');
  });

  it('stops at the row limit while reading, and passes the ZIP limits on', () => {
    const bytes = writeXlsx(Array.from({ length: 20 }, (_, i) => [`r${i}`]));
    expect(readXlsx(bytes, { maxRows: 20 }).rows).toHaveLength(20);
    expect(refusal(() => readXlsx(bytes, { maxRows: 19 })).rule).toBe('too-many-rows');
    expect(refusal(() => readXlsx(bytes, { zip: { maxEntries: 3 } })).rule).toBe('zip-too-many-entries');
  });

  it('refuses a sheet that inflates past the limit (a zip bomb dressed as a workbook)', () => {
    const padding = `<row r="1"><c r="A1" t="inlineStr"><is><t>${'0'.repeat(4 * 1024 * 1024)}</t></is></c></row>`;
    const bomb = workbook(`<worksheet xmlns="${MAIN}"><sheetData>${padding}</sheetData></worksheet>`);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(refusal(() => readXlsx(bomb, { zip: { maxEntryBytes: 1024 * 1024 } })).rule).toBe('zip-too-large');
  });
});

describe('columns and dates', () => {
  it('names columns as spreadsheets do, both ways', () => {
    expect([0, 25, 26, 701, 702, 16383].map(columnName)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA', 'XFD']);
    expect(['A', 'Z', 'AA', 'XFD'].map(columnIndex)).toEqual([0, 25, 26, 16383]);
    expect(columnIndex('a1')).toBe(-1);
  });

  it('converts serial numbers the way Excel counts (with its 1900-02-29) and the 1904 system', () => {
    expect(serialToDate(1)?.toISOString()).toBe('1900-01-01T00:00:00.000Z');
    expect(serialToDate(59)?.toISOString()).toBe('1900-02-28T00:00:00.000Z');
    expect(serialToDate(60)).toBeNull();
    expect(serialToDate(61)?.toISOString()).toBe('1900-03-01T00:00:00.000Z');
    expect(serialToDate(45356.5)?.toISOString()).toBe('2024-03-05T12:00:00.000Z');
    expect(serialToDate(0, true)?.toISOString()).toBe('1904-01-01T00:00:00.000Z');
    expect(serialToDate(-1)).toBeNull();
    expect(dateToSerial(new Date(Date.UTC(1900, 0, 1)))).toBe(1);
    expect(dateToSerial(new Date(Date.UTC(2024, 2, 5, 12)))).toBe(45356.5);
  });
});
