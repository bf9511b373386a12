import { writeCsv } from './csv';
import { TabularFileError } from './errors';
import { defineSheet, detectFormat, invalid } from './sheet';
import { writeXlsx } from './xlsx';

const refusal = (run: () => unknown): TabularFileError => {
  try {
    run();
  } catch (error) {
    if (error instanceof TabularFileError) return error;
    throw error;
  }
  throw new Error('expected a TabularFileError');
};

const devices = defineSheet({
  columns: [
    { key: 'serial', header: { 'zh-CN': '序列号', en: 'Serial no.' }, required: true, unique: true, maxLength: 8 },
    {
      key: 'count',
      header: { 'zh-CN': '数量', en: 'Count' },
      parse: (text: string) => (/^[0-9]+$/.test(text) ? Number(text) : invalid('integer', 'Count (数量) is a whole number')),
    },
    { key: 'installed', header: { 'zh-CN': '安装日期', en: 'Installed on' }, type: 'date' },
  ],
  maxRows: 3,
});

const csv = (rows: (string | null)[][]) => writeCsv(rows);

describe('defineSheet', () => {
  it('matches headers in either language, in any order, ignoring case, width, spaces, a "*" marker and unknown columns', () => {
    const bytes = csv([
      ['备注', 'ＣＯＵＮＴ', '序列号 *'],
      ['n', '3', 'S-1'],
    ]);
    const { rows, errors } = devices.readSheet(bytes);
    expect(errors).toEqual([]);
    expect(rows).toEqual([{ row: 2, values: { serial: 'S-1', count: 3 } }]);
  });

  it('names the row as the user sees it, the field, the rule and the column letter of each bad cell; good rows still come back', () => {
    const { rows, errors } = devices.readSheet(
      csv([
        ['Serial no.', 'Count'],
        ['A', 'x'],
        ['', '1'],
        ['TOO-LONG-9', '2'],
        ['A', '3'],
        ['B', ''],
      ]),
      { maxRows: 10 },
    );
    expect(errors).toEqual([
      { row: 2, field: 'count', column: 'B', rule: 'integer', message: 'Count (数量) is a whole number' },
      { row: 3, field: 'serial', column: 'A', rule: 'required', message: 'Serial no. (序列号) is required' },
      { row: 4, field: 'serial', column: 'A', rule: 'too-long', message: 'Serial no. (序列号) is at most 8 characters' },
      { row: 5, field: 'serial', column: 'A', rule: 'duplicate-in-file', message: 'Serial no. (序列号) is the same as in row 2' },
    ]);
    expect(rows).toEqual([{ row: 6, values: { serial: 'B' } }]);
  });

  it('reports a missing required column or a column given twice against the header row, and reads no rows then', () => {
    expect(devices.readSheet(csv([['Count'], ['1']]))).toEqual({
      format: 'csv',
      rows: [],
      errors: [
        {
          row: 1,
          field: 'serial',
          rule: 'missing-column',
          message: 'the required column "序列号" / "Serial no." is missing from the header row',
        },
      ],
    });
    const twice = devices.readSheet(
      csv([
        ['序列号', 'Serial no.'],
        ['a', 'b'],
      ]),
    );
    expect(twice.errors.map((e) => [e.field, e.rule, e.column])).toEqual([['serial', 'duplicate-column', 'B']]);
  });

  it('skips rows that are blank in its own columns, trims and composes text', () => {
    const { rows, errors } = devices.readSheet(
      csv([
        ['序列号', '备注'],
        ['', 'only a note'],
        ['  e\u0301  ', ''],
      ]),
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([{ row: 3, values: { serial: '\u00e9' } }]);
  });

  it('reads XLSX the same way, with numbers as their text, date serials as dates in date columns, and formula errors as errors', () => {
    const bytes = writeXlsx([
      ['Serial no.', 'Count', 'Installed on'],
      [12345, 7, new Date(Date.UTC(2024, 2, 5))],
      ['B', 2, 45356.75],
      ['C', 1, 'next week'],
    ]);
    const { format, rows } = devices.readSheet(bytes);
    expect(format).toBe('xlsx');
    expect(rows).toEqual([
      { row: 2, values: { serial: '12345', count: 7, installed: '2024-03-05' } },
      { row: 3, values: { serial: 'B', count: 2, installed: '2024-03-05 18:00:00' } },
      { row: 4, values: { serial: 'C', count: 1, installed: 'next week' } },
    ]);
  });

  it('refuses more data rows than the limit with a clear error, the header not counted', () => {
    const header = ['Serial no.'];
    expect(devices.readSheet(csv([header, ['a'], ['b'], ['c']])).rows).toHaveLength(3);
    const tooMany = refusal(() => devices.readSheet(csv([header, ['a'], ['b'], ['c'], ['d']])));
    expect(tooMany.rule).toBe('too-many-rows');
    expect(tooMany.message).toBe('the file has more than 3 rows of data; split it into files of at most 3 rows');
    expect(refusal(() => devices.readSheet(writeXlsx([header, ['a'], ['b'], ['c'], ['d']]))).rule).toBe('too-many-rows');
    expect(devices.readSheet(csv([header, ['a'], ['b'], ['c'], ['d']]), { maxRows: 4 }).rows).toHaveLength(4);
  });

  it('refuses empty, oversized, mislabelled and legacy .xls files', () => {
    expect(refusal(() => devices.readSheet(Buffer.alloc(0))).rule).toBe('empty-file');
    expect(refusal(() => devices.readSheet(Buffer.from('\uFEFF\r\n\r\n'))).rule).toBe('empty-file');
    expect(refusal(() => devices.readSheet(Buffer.alloc(2048, 0x41), { maxBytes: 1024 })).rule).toBe('file-too-large');
    expect(refusal(() => devices.readSheet(csv([['Serial no.']]), 'xlsx')).rule).toBe('format-mismatch');
    expect(refusal(() => devices.readSheet(writeXlsx([['Serial no.']]), { format: 'csv' })).rule).toBe('format-mismatch');
    const xls = Buffer.from('d0cf11e0a1b11ae1000000', 'hex');
    expect(refusal(() => devices.readSheet(xls)).rule).toBe('xls-unsupported');
    expect(refusal(() => devices.readSheet(xls)).field).toBe('file');
    // What Excel saves for an .xlsx with a password: a compound file holding an EncryptedPackage stream
    const encrypted = Buffer.concat([xls, Buffer.alloc(100), Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(100)]);
    expect(refusal(() => devices.readSheet(encrypted, 'xlsx')).rule).toBe('zip-encrypted');
  });

  it('finds the header below title rows, keeping the row numbers the user sees', () => {
    const { rows, errors } = devices.readSheet(
      csv([
        ['设备导入模板', null],
        ['说明：序列号必填', null],
        ['序列号', '数量'],
        ['S1', '1'],
        ['S1', '2'],
      ]),
    );
    expect(rows).toEqual([{ row: 4, values: { serial: 'S1', count: 1 } }]);
    expect(errors).toEqual([
      expect.objectContaining({
        row: 5,
        field: 'serial',
        rule: 'duplicate-in-file',
        message: 'Serial no. (序列号) is the same as in row 4',
      }),
    ]);
    const titled = [['设备导入模板'], ['Serial no.'], ['a'], ['b'], ['c']];
    expect(devices.readSheet(csv(titled)).rows).toHaveLength(3);
    expect(refusal(() => devices.readSheet(csv([...titled, ['d']]))).rule).toBe('too-many-rows');
  });

  it("reads Excel's tab-separated Unicode text and semicolon-separated CSV", () => {
    const tabbed = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('序列号\t数量\r\nS1\t5\r\n', 'utf16le')]);
    expect(devices.readSheet(tabbed).rows).toEqual([{ row: 2, values: { serial: 'S1', count: 5 } }]);
    expect(devices.readSheet(Buffer.from('Serial no.;Count\r\n"S;1";6\r\n')).rows).toEqual([
      { row: 2, values: { serial: 'S;1', count: 6 } },
    ]);
  });

  it('writes a template: headers only, required ones marked with *, that reads back', () => {
    const template = devices.writeSheet([], 'csv', 'zh-CN', { markRequired: true });
    expect(template.toString('utf8')).toBe('\uFEFF序列号*,数量,安装日期\r\n');
    expect(devices.readSheet(Buffer.concat([template, Buffer.from('S9,1\r\n')])).rows).toEqual([
      { row: 2, values: { serial: 'S9', count: 1 } },
    ]);
  });

  it('detects the format by magic bytes', () => {
    expect(detectFormat(writeXlsx([['a']]))).toBe('xlsx');
    expect(detectFormat(Buffer.from('a,b'))).toBe('csv');
  });

  it('writes headers in the language asked, values through each column, and reads its own files back', () => {
    const rows = [{ serial: '=cmd', count: 2, installed: '2024-03-05' }, { serial: 'S2' }];
    for (const format of ['csv', 'xlsx'] as const) {
      const bytes = devices.writeSheet(rows, format, 'zh-CN');
      expect(devices.readSheet(bytes).rows.map((r) => r.values)).toEqual(rows);
    }
    const text = devices.writeSheet(rows, 'csv', 'en').toString('utf8');
    expect(text).toBe("\uFEFFSerial no.,Count,Installed on\r\n'=cmd,2,2024-03-05\r\nS2,,\r\n");
  });

  it('refuses two columns with one key or one header', () => {
    expect(() =>
      defineSheet({
        columns: [
          { key: 'a', header: { 'zh-CN': '甲', en: 'A' } },
          { key: 'a', header: { 'zh-CN': '乙', en: 'B' } },
        ],
      }),
    ).toThrow(RangeError);
    expect(() =>
      defineSheet({
        columns: [
          { key: 'a', header: { 'zh-CN': '甲', en: 'A' } },
          { key: 'b', header: { 'zh-CN': '乙', en: 'a ' } },
        ],
      }),
    ).toThrow(RangeError);
  });
});
