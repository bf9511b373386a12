// CSV after RFC 4180, read the way spreadsheet apps write it and written the way they read it.
import { TabularFileError } from './errors';
import { dateText, type RawRow } from './raw-sheet';

export interface CsvReadOptions {
  /** Field separator; `,` unless told (a tab for Excel's "Unicode text"). */
  delimiter?: string;
  /** Refuse a file with more non-empty records than this (`too-many-rows`), before reading the rest. */
  maxRows?: number;
  /** Refuse a record with more fields than this (`too-many-columns`). */
  maxColumns?: number;
}

export interface CsvWriteOptions {
  delimiter?: string;
  /** Prefix cells that a spreadsheet would run as a formula with `'` (OWASP); on unless told. */
  neutralizeFormulas?: boolean;
  /** Start with a UTF-8 byte order mark, so Excel reads the file as UTF-8 (Chinese text); on unless told. */
  bom?: boolean;
}

export type CsvCell = string | number | boolean | Date | null | undefined;

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const DEFAULT_MAX_COLUMNS = 1000;

/**
 * The text of a CSV file. UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised; bytes that
 * are not UTF-8 are read as GB 18030, the superset of GBK that Excel in Chinese saves "CSV" in.
 */
export const decodeCsv = (bytes: Uint8Array): string => {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Each BOM is cut off here, once: TextDecoder is told not to drop another, which would be the text's own.
  if (buf.subarray(0, 3).equals(UTF8_BOM))
    return decode('utf-8', buf.subarray(3), 'the file says it is UTF-8 but holds bytes that are not');
  if (buf[0] === 0xff && buf[1] === 0xfe) return decode('utf-16le', buf.subarray(2), 'the file says it is UTF-16 but is not');
  if (buf[0] === 0xfe && buf[1] === 0xff) return decode('utf-16be', buf.subarray(2), 'the file says it is UTF-16 but is not');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    return decode('gb18030', buf, 'the file is neither UTF-8 nor GB 18030 text');
  }
};

const decode = (encoding: string, buf: Buffer, why: string): string => {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    throw new TabularFileError('text-encoding', `${why}: save it as "CSV UTF-8" and try again`);
  }
};

/**
 * Records of a CSV text (its byte order mark already gone: see {@link decodeCsv}), each numbered as a spreadsheet shows it (first record = row 1). Quoted fields
 * may hold delimiters, doubled quotes and line breaks; records end at CRLF, LF or a lone CR; a final
 * line break ends the last record rather than starting an empty one. Records whose fields are all
 * empty are dropped (they are blank lines to the user), but their numbers stay counted.
 */
export const parseCsv = (text: string, options: CsvReadOptions = {}): RawRow[] => {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n')
    throw new RangeError('a CSV delimiter is one character other than a quote or a line break');
  const maxRows = options.maxRows ?? Infinity;
  const maxColumns = options.maxColumns ?? DEFAULT_MAX_COLUMNS;
  const rows: RawRow[] = [];
  let record: string[] = [];
  let field = '';
  // Physical lines for messages about quotes; records for row numbers (a quoted line break stays in its row).
  let line = 1;
  let recordNumber = 1;
  let i = 0;
  let atFieldStart = true;

  const endField = () => {
    record.push(field);
    field = '';
    atFieldStart = true;
    if (record.length > maxColumns)
      throw new TabularFileError('too-many-columns', `row ${recordNumber} has more than ${maxColumns} columns`);
  };
  const endRecord = () => {
    endField();
    if (record.some((f) => f !== '')) {
      if (rows.length >= maxRows)
        throw new TabularFileError('too-many-rows', `the file has more than ${maxRows} rows of data; split it into smaller files`);
      rows.push({ number: recordNumber, cells: record });
    }
    record = [];
    recordNumber++;
  };

  while (i < text.length) {
    const ch = text[i];
    if (atFieldStart && ch === '"') {
      // A quoted field runs to the next quote not doubled; line breaks inside belong to the field.
      const openedOn = line;
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0)
          throw new TabularFileError(
            'csv-unterminated-quote',
            `the quoted field that starts on line ${openedOn} never ends: a closing " is missing`,
          );
        const chunk = text.slice(i, close);
        field += chunk;
        line += countLineBreaks(chunk);
        if (text[close + 1] === '"') {
          field += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      const next = text[i];
      if (i < text.length && next !== delimiter && next !== '\r' && next !== '\n') {
        throw new TabularFileError(
          'csv-stray-quote',
          `line ${line}: a quoted field must be followed by "${delimiter}" or the end of the line; write a quote inside a quoted field as ""`,
        );
      }
      atFieldStart = false;
      continue;
    }
    atFieldStart = false;
    if (ch === delimiter) {
      endField();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      endRecord();
    } else {
      // Unquoted text up to the next delimiter or line break, taken as it is (a quote inside included).
      let j = i + 1;
      while (j < text.length && text[j] !== delimiter && text[j] !== '\r' && text[j] !== '\n') j++;
      field += text.slice(i, j);
      i = j;
    }
  }
  // Text after the last line break is a last record; nothing after it is no record at all.
  if (!atFieldStart || field !== '' || record.length > 0) endRecord();
  return rows;
};

const countLineBreaks = (s: string): number => {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    if (s[k] === '\n') n++;
    else if (s[k] === '\r' && s[k + 1] !== '\n') n++;
  }
  return n;
};

/**
 * The delimiter a CSV text most likely uses: of comma, tab (Excel's "Unicode text") and semicolon
 * (Excel where the decimal mark is a comma), the one found most often outside quotes on the first line.
 */
export const sniffDelimiter = (text: string): ',' | '\t' | ';' => {
  const counts = { ',': 0, '\t': 0, ';': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === '\t' || ch === ';')) counts[ch]++;
  }
  return counts['\t'] > counts[','] && counts['\t'] >= counts[';'] ? '\t' : counts[';'] > counts[','] ? ';' : ',';
};

/** Reads CSV bytes: {@link decodeCsv} then {@link parseCsv}. */
export const readCsv = (bytes: Uint8Array, options: CsvReadOptions = {}): RawRow[] => parseCsv(decodeCsv(bytes), options);

// OWASP's CSV-injection list: a cell starting with one of these can run as a formula (or DDE) in Excel,
// LibreOffice or Google Sheets. A leading quote is escaped too, so that the prefix can be undone on read.
const FORMULA_TRIGGER = /^[=+\-@\t\r']/;

/** The cell text with `'` in front when a spreadsheet would run it as a formula (or it starts with `'`). */
export const neutralizeFormula = (text: string): string => (FORMULA_TRIGGER.test(text) ? `'${text}` : text);

/** Undoes {@link neutralizeFormula}: drops one leading `'` in front of a formula trigger or another `'`. */
export const restoreFormula = (text: string): string =>
  text.startsWith("'") && FORMULA_TRIGGER.test(text.slice(1)) ? text.slice(1) : text;

const cellText = (cell: CsvCell): string => {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) throw new TabularFileError('not-a-date', 'an invalid date cannot be written to a spreadsheet');
    return dateText(cell);
  }
  if (typeof cell === 'number' && !Number.isFinite(cell))
    throw new TabularFileError('not-a-number', `${cell} cannot be written to a spreadsheet`);
  return String(cell);
};

/** One CSV field, quoted when it holds the delimiter, a quote or a line break. */
export const csvField = (text: string, delimiter = ','): string =>
  text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;

/** CSV bytes (CRLF line ends, UTF-8 with BOM unless told) for rows of cells. */
export const writeCsv = (rows: readonly (readonly CsvCell[])[], options: CsvWriteOptions = {}): Buffer => {
  const delimiter = options.delimiter ?? ',';
  const neutralize = options.neutralizeFormulas ?? true;
  const lines = rows.map((row) =>
    row
      .map((cell) => {
        const text = cellText(cell);
        // Numbers the caller typed as numbers are data, not formulas: "-5" stays -5 for the spreadsheet.
        return csvField(neutralize && typeof cell === 'string' ? neutralizeFormula(text) : text, delimiter);
      })
      .join(delimiter),
  );
  const body = Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'utf8');
  return options.bom === false ? body : Buffer.concat([UTF8_BOM, body]);
};
