import { decodeCsv, neutralizeFormula, parseCsv, readCsv, restoreFormula, sniffDelimiter, writeCsv } from './csv';
import { TabularFileError } from './errors';

const cells = (text: string) => parseCsv(text).map((r) => r.cells);
const refusal = (run: () => unknown): TabularFileError => {
  try {
    run();
  } catch (error) {
    if (error instanceof TabularFileError) return error;
    throw error;
  }
  throw new Error('expected a TabularFileError');
};

describe('parseCsv (RFC 4180 as spreadsheets write it)', () => {
  it('splits records on CRLF, LF and a lone CR, and a final line break starts no record', () => {
    expect(cells('a,b\r\nc,d\ne,f\rg,h\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
    expect(cells('a,b')).toEqual([['a', 'b']]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks inside, keeping the row numbers a spreadsheet shows', () => {
    const rows = parseCsv('name,note\r\n"张, 三","他说 ""好""\r\n第二行"\r\n李四,\r\n');
    expect(rows).toEqual([
      { number: 1, cells: ['name', 'note'] },
      { number: 2, cells: ['张, 三', '他说 "好"\r\n第二行'] },
      { number: 3, cells: ['李四', ''] },
    ]);
  });

  it('drops blank records but keeps counting them, so later row numbers still match the spreadsheet', () => {
    expect(parseCsv('h\r\n\r\n,,\r\nx\r\n')).toEqual([
      { number: 1, cells: ['h'] },
      { number: 4, cells: ['x'] },
    ]);
  });

  it('keeps empty fields, an empty quoted field, and a quote inside an unquoted field as text', () => {
    expect(cells(',"",a"b,\r\n')).toEqual([['', '', 'a"b', '']]);
  });

  it('reads another delimiter when told', () => {
    expect(cells('a\tb\r\n')).toEqual([['a\tb']]);
    expect(parseCsv('a\tb\r\n', { delimiter: '\t' }).map((r) => r.cells)).toEqual([['a', 'b']]);
    expect(() => parseCsv('a', { delimiter: '"' })).toThrow(RangeError);
  });

  it('refuses an unterminated quoted field and text after a closing quote, naming the line', () => {
    const open = refusal(() => parseCsv('a\r\n"b,c\r\nd'));
    expect(open.rule).toBe('csv-unterminated-quote');
    expect(open.message).toContain('line 2');
    expect(refusal(() => parseCsv('"a"b,c')).rule).toBe('csv-stray-quote');
  });

  it('stops at the row and column limits', () => {
    expect(parseCsv('a\nb\nc', { maxRows: 3 })).toHaveLength(3);
    expect(refusal(() => parseCsv('a\nb\nc\nd', { maxRows: 3 })).rule).toBe('too-many-rows');
    expect(refusal(() => parseCsv('a,b,c', { maxColumns: 2 })).rule).toBe('too-many-columns');
  });
});

describe('sniffDelimiter', () => {
  it('picks comma, tab or semicolon by the first line, not counting quoted ones', () => {
    expect(sniffDelimiter('手机号,姓名,部门\r\n1;2;3;4;5')).toBe(',');
    expect(sniffDelimiter('手机号\t姓名\t部门\r\n')).toBe('\t');
    expect(sniffDelimiter('手机号;姓名;"a,b,c,d"\r\n')).toBe(';');
    expect(sniffDelimiter('"a\tb\tc",x\n')).toBe(',');
    expect(sniffDelimiter('员工名单\r\n')).toBe(',');
  });
});

describe('decodeCsv', () => {
  it('reads UTF-8 with and without BOM, UTF-16 with BOM, and GB 18030 (what Excel in Chinese saves as "CSV")', () => {
    expect(decodeCsv(Buffer.from('\uFEFF手机号,姓名', 'utf8'))).toBe('手机号,姓名');
    expect(decodeCsv(Buffer.from('手机号,姓名', 'utf8'))).toBe('手机号,姓名');
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('手机号\t姓名', 'utf16le')]))).toBe('手机号\t姓名');
    const be = Buffer.from('部门', 'utf16le').swap16();
    expect(decodeCsv(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe('部门');
    // 手机号,姓名 in GBK
    expect(decodeCsv(Buffer.from('CAD6BBFABAC52CD0D5C3FB', 'hex'))).toBe('手机号,姓名');
  });

  it('cuts off the byte order mark once, keeping a U+FEFF that the text itself starts with', () => {
    expect(decodeCsv(Buffer.from('\uFEFF\uFEFFx', 'utf8'))).toBe('\uFEFFx');
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('\uFEFFx', 'utf16le')]))).toBe('\uFEFFx');
  });

  it('refuses a BOM that lies about the encoding', () => {
    expect(refusal(() => decodeCsv(Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0xfe, 0x80]))).rule).toBe('text-encoding');
  });
});

describe('writeCsv', () => {
  it('writes UTF-8 with a BOM and CRLF, quoting only fields that need it', () => {
    const bytes = writeCsv([
      ['手机号', '姓名'],
      ['13800138000', '张,三'],
      ['x"y', 'a\nb'],
    ]);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.subarray(3).toString('utf8')).toBe('手机号,姓名\r\n13800138000,"张,三"\r\n"x""y","a\nb"\r\n');
    expect(writeCsv([['a']], { bom: false }).toString('utf8')).toBe('a\r\n');
  });

  it('writes numbers, booleans, dates and empty cells as text', () => {
    const text = writeCsv([[1.5, -2, true, new Date(Date.UTC(2024, 2, 5)), new Date(Date.UTC(2024, 2, 5, 8, 30)), null, undefined]], {
      bom: false,
    }).toString();
    expect(text).toBe('1.5,-2,true,2024-03-05,2024-03-05 08:30:00,,\r\n');
    expect(() => writeCsv([[NaN]])).toThrow(TabularFileError);
    expect(() => writeCsv([[new Date(NaN)]])).toThrow(TabularFileError);
  });

  it('neutralizes text a spreadsheet would run as a formula (OWASP: = + - @ tab CR), and undoes it on read', () => {
    const hostile = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd', "'quoted"];
    const text = writeCsv([hostile], { bom: false }).toString();
    expect(text).toBe(`"'=HYPERLINK(""http://evil"",""x"")",'+1+1,'-2+3,'@SUM(A1),'\tcmd,"'\rcmd",''quoted\r\n`);
    const back = readCsv(Buffer.from(text))
      .flatMap((r) => r.cells)
      .map((c) => restoreFormula(c as string));
    expect(back).toEqual(hostile);
    expect(writeCsv([['=1']], { neutralizeFormulas: false, bom: false }).toString()).toBe('=1\r\n');
  });

  it('leaves harmless text alone in both directions', () => {
    for (const text of ['张三', 'a=b', "it's", '13800138000', '']) {
      expect(neutralizeFormula(text)).toBe(text);
      expect(restoreFormula(text)).toBe(text);
    }
    expect(restoreFormula("'plain")).toBe("'plain");
  });
});
