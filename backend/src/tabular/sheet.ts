// Typed sheets: a list of columns, each with its headers in both languages and its rule, read from CSV
// or XLSX into typed rows plus errors that name the row (as the user sees it), the field and the rule.
import { decodeCsv, parseCsv, restoreFormula, sniffDelimiter, writeCsv } from './csv';
import { TabularFileError } from './errors';
import { dateText, isFormulaError, type CellValue, type RawRow } from './raw-sheet';
import { columnName, readXlsx, serialToDate, writeXlsx, type XlsxCell } from './xlsx';
import type { ZipReadLimits } from './zip';

export type SheetLanguage = 'zh-CN' | 'en';
export type SheetFormat = 'csv' | 'xlsx';

/** Why a cell's text is refused: a stable rule code and a message for the user. */
export interface Violation {
  readonly rule: string;
  readonly message: string;
}

/** The refusal a column's `parse` returns. */
export const invalid = (rule: string, message: string): Violation => ({ rule, message });

const isViolation = (value: unknown): value is Violation =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  typeof (value as Violation).rule === 'string' &&
  typeof (value as Violation).message === 'string' &&
  Object.keys(value).length === 2;

export interface ColumnSpec<K extends string = string, V = unknown> {
  readonly key: K;
  readonly header: Readonly<Record<SheetLanguage, string>>;
  /** Other headers people use for this column (`手机号码`, `Mobile`), accepted on read. */
  readonly aliases?: readonly string[];
  /** An empty cell is an error (`required`) rather than an absent value. */
  readonly required?: boolean;
  /** No two rows may hold the same value (`duplicate-in-file`), compared by `uniqueKey` or as text. */
  readonly unique?: boolean;
  /** At most this many characters (`too-long`), checked before `parse`. */
  readonly maxLength?: number;
  /** `date`: XLSX date serial numbers reach `parse` as `2024-03-05` (or `2024-03-05 08:30:00`), not as numbers. */
  readonly type?: 'text' | 'date';
  /** The value of a non-empty cell's text (trimmed, NFC), or a {@link Violation}; the text itself unless given. */
  parse?(text: string): V | Violation;
  /** What to write for a value; the value itself (lists joined with `, `) unless given. */
  write?(value: V, language: SheetLanguage): XlsxCell;
  uniqueKey?(value: V): string;
  /** Width in characters for XLSX; sized from the content unless given. */
  readonly width?: number;
}

type ValueOf<C> = C extends { parse(text: string): infer V } ? Exclude<V, Violation> : string;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The row type a list of columns describes: required columns always hold a value, the others may not. */
export type RowOf<C extends readonly ColumnSpec[]> = Simplify<
  { [Col in Extract<C[number], { required: true }> as Col['key']]: ValueOf<Col> } & {
    [Col in Exclude<C[number], { required: true }> as Col['key']]?: ValueOf<Col>;
  }
>;

export interface SheetRow<T> {
  /** The row number the spreadsheet shows (the header is row 1). */
  readonly row: number;
  readonly values: T;
}

export interface SheetError {
  readonly row: number;
  /** The column's key (the field of the 4xx body), or `file` for the file as a whole. */
  readonly field: string;
  readonly rule: string;
  readonly message: string;
  /** The column's letter in the spreadsheet (`C`), when the error is about one cell. */
  readonly column?: string;
}

export interface SheetReadResult<T> {
  readonly format: SheetFormat;
  /** Rows without errors, in file order. */
  readonly rows: SheetRow<T>[];
  readonly errors: SheetError[];
}

export interface SheetReadOptions {
  /** The format the caller expects (from the file name or media type); the bytes decide, and a mismatch is refused. */
  format?: SheetFormat;
  maxRows?: number;
  maxBytes?: number;
  zip?: ZipReadLimits;
}

export interface SheetWriteOptions {
  /** The XLSX tab's name; the sheet's own name in the language, or `Sheet1`, unless given. */
  sheetName?: string;
  strings?: 'shared' | 'inline';
  /** Headers of required columns end in `*` (as in an import template); read back all the same. */
  markRequired?: boolean;
}

export interface SheetDefinition<T> {
  readonly columns: readonly ColumnSpec[];
  /** Reads a CSV or XLSX file; refuses an unreadable or oversized one with a {@link TabularFileError}. */
  readSheet(bytes: Uint8Array, options?: SheetReadOptions | SheetFormat): SheetReadResult<T>;
  /** The rows as a file, headers in the language given. */
  writeSheet(rows: readonly T[], format: SheetFormat, language: SheetLanguage, options?: SheetWriteOptions): Buffer;
}

/** The row type of a defined sheet. */
export type RowOfSheet<S> = S extends SheetDefinition<infer T> ? T : never;

export const DEFAULT_MAX_ROWS = 5000;
/** How many rows from the top may be titles or notes above the header row. */
const HEADER_SEARCH_ROWS = 10;

const tooManyRows = (maxRows: number) =>
  new TabularFileError('too-many-rows', `the file has more than ${maxRows} rows of data; split it into files of at most ${maxRows} rows`);
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export const MEDIA_TYPES: Readonly<Record<SheetFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/** The format of a file by its first bytes: a ZIP is XLSX, anything else is taken for CSV text. */
export const detectFormat = (bytes: Uint8Array): SheetFormat => {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06))
    return 'xlsx';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    // An OLE compound file: a legacy .xls, or an .xlsx that Excel encrypted with a password (MS-OFFCRYPTO
    // wraps the package in a compound file whose stream is named EncryptedPackage).
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTED_PACKAGE)) {
      throw new TabularFileError(
        'zip-encrypted',
        'the file is password-protected: remove the password in the spreadsheet app and save it again',
      );
    }
    throw new TabularFileError('xls-unsupported', 'this is an old Excel 97-2003 (.xls) file: save it as .xlsx or CSV UTF-8 and try again');
  }
  return 'csv';
};

// Headers compare as people type them: full-width or half-width, any case, spaces anywhere, and a
// trailing "*" that templates use to mark a required column.
const headerKey = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '').replace(/\*+$/, '').toLowerCase();

const defaultWrite = (value: unknown): XlsxCell => {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  return String(value);
};

/** A sheet of the columns given; the row type follows from their keys, `required` flags and `parse` results. */
export function defineSheet<const C extends readonly ColumnSpec[]>(spec: {
  readonly columns: C;
  readonly maxRows?: number;
  /** The XLSX tab's name in each language. */
  readonly sheetName?: Readonly<Record<SheetLanguage, string>>;
}): SheetDefinition<RowOf<C>> {
  const columns: readonly ColumnSpec[] = spec.columns;
  const keys = new Set<string>();
  const headers = new Map<string, ColumnSpec>();
  for (const column of columns) {
    if (keys.has(column.key)) throw new RangeError(`two columns share the key ${column.key}`);
    keys.add(column.key);
    for (const header of [...Object.values(column.header), ...(column.aliases ?? [])]) {
      const key = headerKey(header);
      const other = headers.get(key);
      if (other && other !== column) throw new RangeError(`columns ${other.key} and ${column.key} share the header ${header}`);
      headers.set(key, column);
    }
  }

  // The header is the row, among the first few, that names most of our columns: templates often put a
  // title or instructions above it. With none, the first row is taken, and its columns reported missing.
  const headerRowIndex = (raw: readonly RawRow[]): number => {
    let best = 0;
    let bestHits = 0;
    raw.slice(0, HEADER_SEARCH_ROWS).forEach((row, index) => {
      const hits = row.cells.filter(
        (cell) => (typeof cell === 'string' || typeof cell === 'number') && headers.has(headerKey(String(cell))),
      ).length;
      if (hits > bestHits) [best, bestHits] = [index, hits];
    });
    return best;
  };

  const readSheet = (bytes: Uint8Array, given: SheetReadOptions | SheetFormat = {}): SheetReadResult<RowOf<C>> => {
    const options = typeof given === 'string' ? { format: given } : given;
    const maxRows = options.maxRows ?? spec.maxRows ?? DEFAULT_MAX_ROWS;
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (bytes.byteLength > maxBytes)
      throw new TabularFileError(
        'file-too-large',
        `the file is larger than ${Math.floor(maxBytes / 1024 / 1024)} MiB; split it into smaller files`,
      );
    if (bytes.byteLength === 0) throw new TabularFileError('empty-file', 'the file is empty');
    const format = detectFormat(bytes);
    if (options.format && options.format !== format) {
      throw new TabularFileError(
        'format-mismatch',
        `the file is named as ${options.format.toUpperCase()} but holds ${format.toUpperCase()}; choose the right file type when saving`,
      );
    }
    let raw: RawRow[];
    let date1904 = false;
    try {
      // Room for the header and the title rows above it, which are not rows of data; counted exactly below.
      const readLimit = maxRows + HEADER_SEARCH_ROWS;
      if (format === 'xlsx') {
        const sheet = readXlsx(bytes, { maxRows: readLimit, zip: options.zip });
        raw = sheet.rows;
        date1904 = sheet.date1904;
      } else {
        const text = decodeCsv(bytes);
        raw = parseCsv(text, { maxRows: readLimit, delimiter: sniffDelimiter(text) }).map((r) => ({
          number: r.number,
          cells: r.cells.map((c) => (typeof c === 'string' ? restoreFormula(c) : c)),
        }));
      }
    } catch (error) {
      if (error instanceof TabularFileError && error.rule === 'too-many-rows') throw tooManyRows(maxRows);
      throw error;
    }
    if (raw.length === 0) throw new TabularFileError('empty-file', 'the file holds no rows, not even the header row');
    const headerAt = headerRowIndex(raw);
    const headerRow = raw[headerAt];
    const dataRows = raw.slice(headerAt + 1);
    if (dataRows.length > maxRows) throw tooManyRows(maxRows);

    const errors: SheetError[] = [];
    const at = new Map<ColumnSpec, number>();
    headerRow.cells.forEach((cell, index) => {
      if (typeof cell !== 'string' && typeof cell !== 'number') return;
      const column = headers.get(headerKey(String(cell)));
      if (!column) return; // a column of the user's own (notes, ...) is no business of ours
      if (at.has(column)) {
        errors.push({
          row: headerRow.number,
          field: column.key,
          rule: 'duplicate-column',
          column: columnName(index),
          message: `the column "${column.header['zh-CN']}" / "${column.header.en}" appears twice (columns ${columnName(at.get(column)!)} and ${columnName(index)})`,
        });
      } else at.set(column, index);
    });
    for (const column of columns) {
      if (column.required && !at.has(column)) {
        errors.push({
          row: headerRow.number,
          field: column.key,
          rule: 'missing-column',
          message: `the required column "${column.header['zh-CN']}" / "${column.header.en}" is missing from the header row`,
        });
      }
    }
    if (errors.length > 0) return { format, rows: [], errors };

    const rows: SheetRow<RowOf<C>>[] = [];
    const seen = new Map<ColumnSpec, Map<string, number>>(columns.filter((c) => c.unique).map((c) => [c, new Map()]));
    for (const { number, cells } of dataRows) {
      const values: Record<string, unknown> = {};
      const rowErrors: SheetError[] = [];
      let filled = false;
      for (const column of columns) {
        const index = at.get(column);
        if (index === undefined) continue;
        const fail = (rule: string, message: string) =>
          rowErrors.push({ row: number, field: column.key, rule, message, column: columnName(index) });
        const cell = cells[index] ?? null;
        if (isFormulaError(cell)) {
          filled = true;
          fail('formula-error', `the cell holds the formula error ${cell.error}`);
          continue;
        }
        const text = cellText(cell, column, date1904).normalize('NFC').trim();
        if (text === '') {
          if (column.required) fail('required', `${column.header.en} (${column.header['zh-CN']}) is required`);
          continue;
        }
        filled = true;
        if (column.maxLength !== undefined && [...text].length > column.maxLength) {
          fail('too-long', `${column.header.en} (${column.header['zh-CN']}) is at most ${column.maxLength} characters`);
          continue;
        }
        const value = column.parse ? column.parse(text) : text;
        if (isViolation(value)) fail(value.rule, value.message);
        else values[column.key] = value;
      }
      if (!filled) continue; // blank as far as our columns go
      for (const [column, firstRows] of seen) {
        if (!(column.key in values)) continue;
        const value = values[column.key];
        const key = column.uniqueKey ? column.uniqueKey(value) : Array.isArray(value) ? JSON.stringify(value) : String(value);
        const first = firstRows.get(key);
        if (first === undefined) firstRows.set(key, number);
        else
          rowErrors.push({
            row: number,
            field: column.key,
            rule: 'duplicate-in-file',
            column: columnName(at.get(column)!),
            message: `${column.header.en} (${column.header['zh-CN']}) is the same as in row ${first}`,
          });
      }
      if (rowErrors.length > 0) errors.push(...rowErrors);
      else rows.push({ row: number, values: values as RowOf<C> });
    }
    return { format, rows, errors };
  };

  const writeSheet = (rows: readonly RowOf<C>[], format: SheetFormat, language: SheetLanguage, options: SheetWriteOptions = {}): Buffer => {
    const table: XlsxCell[][] = [
      columns.map((c) => (options.markRequired && c.required ? `${c.header[language]}*` : c.header[language])),
      ...rows.map((row) =>
        columns.map((column) => {
          const value = (row as Record<string, unknown>)[column.key];
          if (value === undefined || value === null) return null;
          const cell = column.write ? column.write(value, language) : defaultWrite(value);
          // An empty list written as '' would still be a cell to the spreadsheet (COUNTA counts it).
          return cell === '' ? null : cell;
        }),
      ),
    ];
    if (format === 'csv') return writeCsv(table);
    return writeXlsx(table, {
      headerRows: 1,
      widths: columns.map((c) => c.width),
      sheetName: options.sheetName ?? spec.sheetName?.[language],
      strings: options.strings,
    });
  };

  return { columns, readSheet, writeSheet };
}

const cellText = (cell: CellValue, column: ColumnSpec, date1904: boolean): string => {
  if (cell === null) return '';
  if (typeof cell === 'number') {
    if (column.type === 'date') {
      const date = serialToDate(cell, date1904);
      // Dates keep only whole seconds: a serial's fraction of a day rarely lands on a millisecond.
      if (date) return dateText(new Date(Math.round(date.getTime() / 1000) * 1000));
    }
    return String(cell);
  }
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return typeof cell === 'string' ? cell : '';
};
