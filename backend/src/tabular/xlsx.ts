// One-sheet XLSX (ECMA-376 SpreadsheetML) on our own ZIP and XML code: the minimal package Excel,
// LibreOffice, WPS and Numbers open, and a reader for the first sheet of what they save.
import { TabularFileError } from './errors';
import type { CellValue, RawRow } from './raw-sheet';
import { attribute, escapeXml, scanXml } from './xml';
import { readZip, writeZip, type ZipArchive, type ZipReadLimits } from './zip';

export type XlsxCell = string | number | boolean | Date | null | undefined;

export interface XlsxWriteOptions {
  /** The sheet tab's name (at most 31 characters, none of `[]:*?/\`); `Sheet1` unless told. */
  sheetName?: string;
  /** How many leading rows are headers: bold, and frozen while scrolling. */
  headerRows?: number;
  /** Column widths in characters; unset ones are sized from their content. */
  widths?: readonly (number | undefined)[];
  /** Text in a shared-string table (what Excel writes; smaller for repeated text) or inline in each cell. */
  strings?: 'shared' | 'inline';
}

export interface XlsxReadOptions {
  /** Refuse a sheet with more non-empty rows than this (`too-many-rows`), before reading the rest. */
  maxRows?: number;
  zip?: ZipReadLimits;
}

export interface XlsxSheetData {
  readonly name: string;
  /** Rows that hold something; a cell that holds nothing, inside a row, is null. */
  readonly rows: RawRow[];
  /** The workbook counts date serial numbers from 1904-01-01 rather than 1900 (old Mac Excel). */
  readonly date1904: boolean;
}

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;
export const MAX_CELL_TEXT = 32_767;

export const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const NS_PACKAGE_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The spreadsheet column name of a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export const columnName = (index: number): string => {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
};

/** The 0-based index of a column name (A → 0), or -1 when it is not one. */
export const columnIndex = (name: string): number => {
  if (!/^[A-Z]{1,3}$/.test(name)) return -1;
  let n = 0;
  for (const ch of name) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
};

// --- text in cells -----------------------------------------------------------------------------------

// Characters XML 1.0 cannot carry even as references; OOXML writes them as _xHHHH_ (ST_Xstring), and
// a literal "_xHHHH_" in the text has its underscore escaped the same way so it survives the trip.
const UNWRITABLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|_(?=x[0-9A-Fa-f]{4}_)/g;

const encodeCellText = (text: string): string =>
  escapeXml(text.replace(UNWRITABLE, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)).replaceAll('\r', '&#13;');

const decodeCellText = (text: string): string =>
  text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;

export const textElement = (text: string): string => {
  // Without xml:space="preserve" readers may drop leading and trailing white space.
  const preserve = /^\s|\s$|[\t\n\r]| {2}/.test(text) ? ' xml:space="preserve"' : '';
  return `<t${preserve}>${encodeCellText(text)}</t>`;
};

// --- dates -------------------------------------------------------------------------------------------

export const DAY_MS = 86_400_000;
// Serial 1 is 1900-01-01 and Excel counts a 1900-02-29 that never was (Lotus 1-2-3's bug), so from
// serial 61 (1900-03-01) on, serial n is n days after 1899-12-30.
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** The Excel serial number (1900 system) of a date-time, read as UTC. */
export const dateToSerial = (date: Date): number => {
  const serial = (date.getTime() - EPOCH_1900) / DAY_MS;
  return serial < 61 ? serial - 1 : serial;
};

/** The date-time of an Excel serial number, as UTC; null for one no date has (negative, or the fake 1900-02-29). */
export const serialToDate = (serial: number, date1904 = false): Date | null => {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2_958_465.99999) return null;
  if (date1904) return new Date(Math.round(EPOCH_1904 + serial * DAY_MS));
  if (serial >= 60 && serial < 61) return null;
  return new Date(Math.round(EPOCH_1900 + (serial < 61 ? serial + 1 : serial) * DAY_MS));
};

// --- writing -----------------------------------------------------------------------------------------

export const STYLE_HEADER = 1;
export const STYLE_DATE = 2;
export const STYLE_DATE_TIME = 3;
// Excel's own mark for text typed after an apostrophe: the cell shows the text, and editing it keeps it
// text rather than turning "=…" into a formula. The value itself stays as it is.
export const STYLE_QUOTED_TEXT = 4;
export const LOOKS_LIKE_FORMULA = /^[=+\-@\t\r]/;

export const STYLES_XML =
  XML_DECLARATION +
  `<styleSheet xmlns="${NS_MAIN}">` +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

// East Asian wide characters take two columns of a fixed-width font, which is what a width counts.
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/gu;
const displayWidth = (text: string): number => {
  let characters = 0;
  for (const _ of text) characters++;
  return characters + (text.match(WIDE)?.length ?? 0);
};

const cellDisplayText = (cell: XlsxCell): string =>
  cell instanceof Date ? '2000-01-01 00:00:00' : cell === null || cell === undefined ? '' : String(cell);

export const validSheetName = (name: string): string => {
  if (name.length < 1 || name.length > 31 || /[[\]:*?/\\]/.test(name) || name.startsWith("'") || name.endsWith("'")) {
    throw new RangeError(`"${name}" is not a sheet name: 1-31 characters, none of []:*?/\\, not starting or ending with '`);
  }
  return name;
};

/** An XLSX workbook of one sheet holding the rows. */
export const writeXlsx = (rows: readonly (readonly XlsxCell[])[], options: XlsxWriteOptions = {}): Buffer => {
  const sheetName = validSheetName(options.sheetName ?? 'Sheet1');
  const headerRows = options.headerRows ?? 0;
  const shared = (options.strings ?? 'shared') === 'shared';
  if (rows.length > MAX_ROWS) throw new TabularFileError('too-many-rows', `a sheet holds at most ${MAX_ROWS} rows`);
  const columnCount = rows.reduce((n, row) => Math.max(n, row.length), 0);
  if (columnCount > MAX_COLUMNS) throw new TabularFileError('too-many-columns', `a sheet holds at most ${MAX_COLUMNS} columns`);

  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const widths: number[] = Array.from({ length: columnCount }, () => 0);
  const body: string[] = [];
  rows.forEach((row, r) => {
    const cells: string[] = [];
    row.forEach((cell, c) => {
      if (cell === null || cell === undefined) return;
      widths[c] = Math.max(widths[c], displayWidth(cellDisplayText(cell)));
      const ref = `${columnName(c)}${r + 1}`;
      const style = r < headerRows ? ` s="${STYLE_HEADER}"` : '';
      if (typeof cell === 'string') {
        const textStyle = r >= headerRows && LOOKS_LIKE_FORMULA.test(cell) ? ` s="${STYLE_QUOTED_TEXT}"` : style;
        if (cell.length > MAX_CELL_TEXT)
          throw new TabularFileError(
            'cell-too-long',
            `cell ${ref} holds ${cell.length} characters; a spreadsheet cell holds at most ${MAX_CELL_TEXT}`,
          );
        if (!shared) {
          cells.push(`<c r="${ref}"${textStyle} t="inlineStr"><is>${textElement(cell)}</is></c>`);
          return;
        }
        let index = stringIndex.get(cell);
        if (index === undefined) {
          index = strings.push(cell) - 1;
          stringIndex.set(cell, index);
        }
        cells.push(`<c r="${ref}"${textStyle} t="s"><v>${index}</v></c>`);
      } else if (typeof cell === 'number') {
        if (!Number.isFinite(cell)) throw new TabularFileError('not-a-number', `cell ${ref}: ${cell} cannot be written to a spreadsheet`);
        // "1E+21" as Excel writes it: JavaScript's "1e+21" is valid xsd:double too, but not every reader agrees.
        cells.push(`<c r="${ref}"${style}><v>${Object.is(cell, -0) ? 0 : String(cell).toUpperCase()}</v></c>`);
      } else if (typeof cell === 'boolean') {
        cells.push(`<c r="${ref}"${style} t="b"><v>${cell ? 1 : 0}</v></c>`);
      } else {
        if (Number.isNaN(cell.getTime())) throw new TabularFileError('not-a-date', `cell ${ref} holds an invalid date`);
        const serial = dateToSerial(cell);
        const dateStyle = cell.getTime() % DAY_MS === 0 ? STYLE_DATE : STYLE_DATE_TIME;
        cells.push(`<c r="${ref}" s="${r < headerRows ? STYLE_HEADER : dateStyle}"><v>${serial}</v></c>`);
      }
    });
    if (cells.length > 0) body.push(`<row r="${r + 1}">${cells.join('')}</row>`);
  });

  const lastRef = columnCount > 0 && rows.length > 0 ? `${columnName(columnCount - 1)}${rows.length}` : 'A1';
  const cols = widths
    .map((w, c) => {
      const width = options.widths?.[c] ?? Math.min(60, Math.max(8, w + 2));
      return `<col min="${c + 1}" max="${c + 1}" width="${width}" customWidth="1"/>`;
    })
    .join('');
  const frozen =
    headerRows > 0
      ? `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${headerRows}" topLeftCell="A${headerRows + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${headerRows + 1}" sqref="A${headerRows + 1}"/></sheetView></sheetViews>`
      : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
  // CT_Worksheet is a sequence: dimension, sheetViews, sheetFormatPr, cols, sheetData — Excel refuses another order.
  const sheet =
    XML_DECLARATION +
    `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    `<dimension ref="${columnCount > 1 || rows.length > 1 ? `A1:${lastRef}` : 'A1'}"/>` +
    frozen +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (cols ? `<cols>${cols}</cols>` : '') +
    (body.length > 0 ? `<sheetData>${body.join('')}</sheetData>` : '<sheetData/>') +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    '</worksheet>';

  const relationships = [
    `<Relationship Id="rId1" Type="${NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>`,
    `<Relationship Id="rId2" Type="${NS_REL}/styles" Target="styles.xml"/>`,
    ...(shared ? [`<Relationship Id="rId3" Type="${NS_REL}/sharedStrings" Target="sharedStrings.xml"/>`] : []),
  ];
  const parts: { name: string; data: string }[] = [
    {
      name: '[Content_Types].xml',
      data:
        XML_DECLARATION +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${CT}.worksheet+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
        (shared ? `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/>` : '') +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      data:
        XML_DECLARATION +
        `<Relationships xmlns="${NS_PACKAGE_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data:
        XML_DECLARATION +
        `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews>` +
        `<sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: XML_DECLARATION + `<Relationships xmlns="${NS_PACKAGE_REL}">${relationships.join('')}</Relationships>`,
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
    { name: 'xl/styles.xml', data: STYLES_XML },
  ];
  if (shared) {
    const items = strings.map((s) => `<si>${textElement(s)}</si>`).join('');
    const uses = rows.reduce((n, row) => n + row.filter((c) => typeof c === 'string').length, 0);
    parts.push({
      name: 'xl/sharedStrings.xml',
      data: XML_DECLARATION + `<sst xmlns="${NS_MAIN}" count="${uses}" uniqueCount="${strings.length}">${items}</sst>`,
    });
  }
  return writeZip(parts);
};

// --- reading -----------------------------------------------------------------------------------------

/** A part by its name; OPC part names compare without regard to case. */
const partName = (zip: ZipArchive, name: string): string | undefined => {
  if (zip.has(name)) return name;
  const lower = name.toLowerCase();
  return zip.entries.find((e) => e.name.toLowerCase() === lower)?.name;
};

const readPart = (zip: ZipArchive, name: string): string | undefined => {
  const found = partName(zip, name);
  if (found === undefined) return undefined;
  const bytes = zip.read(found);
  return new TextDecoder('utf-8').decode(bytes);
};

const requirePart = (zip: ZipArchive, name: string): string => {
  const text = readPart(zip, name);
  if (text === undefined) throw new TabularFileError('xlsx-missing-part', `the workbook has no ${name}; save it again as .xlsx`);
  return text;
};

interface Relationship {
  readonly id: string;
  readonly type: string;
  readonly target: string;
}

const relationshipsOf = (zip: ZipArchive, part: string): Relationship[] => {
  const slash = part.lastIndexOf('/');
  const relsName = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const xml = readPart(zip, relsName);
  if (xml === undefined) return [];
  const found: Relationship[] = [];
  scanXml(
    xml,
    {
      open(name, attrs) {
        if (name !== 'Relationship' || attrs.get('TargetMode') === 'External') return;
        const target = attrs.get('Target');
        if (target !== undefined)
          found.push({ id: attrs.get('Id') ?? '', type: attrs.get('Type') ?? '', target: resolveTarget(part, target) });
      },
    },
    relsName,
  );
  return found;
};

// Targets are relative to the folder of the part whose relationships they are, or absolute from the package root.
const resolveTarget = (source: string, target: string): string => {
  const segments = target.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
};

const byType = (relationships: readonly Relationship[], kind: string) => relationships.find((r) => r.type.endsWith(`/${kind}`));

const readSharedStrings = (xml: string, part: string): string[] => {
  const strings: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  let phonetic = 0;
  scanXml(
    xml,
    {
      open(name) {
        if (name === 'si') current = [];
        else if (name === 't' && current && phonetic === 0) inText = true;
        else if (name === 'rPh') phonetic++;
      },
      close(name) {
        if (name === 'si' && current) {
          strings.push(decodeCellText(current.join('')));
          current = null;
        } else if (name === 't') inText = false;
        else if (name === 'rPh') phonetic--;
      },
      text(t) {
        if (inText && current) current.push(t);
      },
    },
    part,
  );
  return strings;
};

const malformedSheet = (why: string) => new TabularFileError('xlsx-malformed', `the sheet cannot be read (${why}); save it again as .xlsx`);

const readWorksheet = (xml: string, part: string, strings: readonly string[], maxRows: number): RawRow[] => {
  const rows: RawRow[] = [];
  let rowNumber = 0;
  let cells: CellValue[] = [];
  let column = -1;
  let type = 'n';
  let value: string[] | null = null;
  let inline: string[] | null = null;
  let collecting: string[] | null = null;
  let phonetic = 0;
  let inCell = false;

  const finishCell = (): CellValue => {
    if (type === 'inlineStr') return inline === null ? null : decodeCellText(inline.join(''));
    const v = value === null ? null : value.join('');
    if (v === null || (v === '' && type !== 'str')) return null;
    switch (type) {
      case 's': {
        const index = Number(v);
        if (!Number.isInteger(index) || index < 0 || index >= strings.length) throw malformedSheet(`shared string ${v} does not exist`);
        return strings[index];
      }
      case 'str':
        return decodeCellText(v);
      case 'b':
        return v === '1' || v === 'true';
      case 'e':
        return { error: v };
      case 'd':
        return v;
      default: {
        const n = Number(v);
        if (v.trim() === '' || !Number.isFinite(n))
          throw malformedSheet(`cell ${columnName(column)}${rowNumber} holds text where a number belongs`);
        return n;
      }
    }
  };

  scanXml(
    xml,
    {
      open(name, attrs) {
        switch (name) {
          case 'row': {
            const r = attribute(attrs, 'r');
            const next = r === undefined ? rowNumber + 1 : Number(r);
            if (!Number.isInteger(next) || next <= rowNumber || next > MAX_ROWS) throw malformedSheet(`row number ${r}`);
            rowNumber = next;
            cells = [];
            column = -1;
            return;
          }
          case 'c': {
            const ref = attribute(attrs, 'r');
            if (ref === undefined) column++;
            else {
              const m = /^([A-Z]{1,3})([0-9]+)$/.exec(ref);
              const index = m ? columnIndex(m[1]) : -1;
              if (!m || index < 0 || index >= MAX_COLUMNS || Number(m[2]) !== rowNumber || index <= column)
                throw malformedSheet(`cell reference ${ref} in row ${rowNumber}`);
              column = index;
            }
            if (column >= MAX_COLUMNS) throw malformedSheet(`more than ${MAX_COLUMNS} columns`);
            type = attribute(attrs, 't') ?? 'n';
            value = null;
            inline = null;
            inCell = true;
            return;
          }
          case 'v':
            if (inCell) collecting = value = [];
            return;
          case 'is':
            if (inCell) inline = [];
            return;
          case 'rPh':
            phonetic++;
            return;
          case 't':
            if (inline && phonetic === 0) collecting = inline;
            return;
        }
      },
      close(name) {
        switch (name) {
          case 'c': {
            const cell = finishCell();
            if (cell !== null) {
              while (cells.length < column) cells.push(null);
              cells[column] = cell;
            }
            inCell = false;
            return;
          }
          case 'row':
            if (cells.some((c) => c !== null && c !== '')) {
              if (rows.length >= maxRows)
                throw new TabularFileError('too-many-rows', `the sheet has more than ${maxRows} rows of data; split it into smaller files`);
              rows.push({ number: rowNumber, cells });
            }
            cells = [];
            return;
          case 'v':
          case 't':
            collecting = null;
            return;
          case 'rPh':
            phonetic--;
            return;
        }
      },
      text(t) {
        collecting?.push(t);
      },
    },
    part,
  );
  return rows;
};

/** Reads the first visible sheet (in tab order) of an XLSX workbook. */
export const readXlsx = (bytes: Uint8Array, options: XlsxReadOptions = {}): XlsxSheetData => {
  const zip = readZip(bytes, options.zip);
  const root = byType(relationshipsOf(zip, ''), 'officeDocument');
  const workbookPart = root?.target ?? 'xl/workbook.xml';
  const workbookXml = requirePart(zip, workbookPart);
  const sheets: { name: string; id: string; hidden: boolean }[] = [];
  let date1904 = false;
  scanXml(
    workbookXml,
    {
      open(name, attrs) {
        if (name === 'sheet')
          sheets.push({
            name: attrs.get('name') ?? 'Sheet1',
            id: attribute(attrs, 'id') ?? '',
            hidden: ['hidden', 'veryHidden'].includes(attrs.get('state') ?? ''),
          });
        else if (name === 'workbookPr') date1904 = ['1', 'true'].includes(attrs.get('date1904') ?? '');
      },
    },
    workbookPart,
  );
  // The first sheet the user sees: a hidden one first in the tab order holds lists for drop-downs, not data.
  const sheet = sheets.find((s) => !s.hidden) ?? sheets[0];
  if (sheet === undefined) throw new TabularFileError('xlsx-no-sheet', 'the workbook has no sheet');
  const relationships = relationshipsOf(zip, workbookPart);
  const sheetPart = relationships.find((r) => r.id === sheet.id)?.target;
  if (sheetPart === undefined) throw new TabularFileError('xlsx-missing-part', `the workbook does not say where sheet "${sheet.name}" is`);
  const stringsRel = byType(relationships, 'sharedStrings');
  const stringsXml = stringsRel ? readPart(zip, stringsRel.target) : undefined;
  const strings = stringsXml === undefined ? [] : readSharedStrings(stringsXml, stringsRel!.target);
  const rows = readWorksheet(requirePart(zip, sheetPart), sheetPart, strings, options.maxRows ?? Infinity);
  return { name: sheet.name, rows, date1904 };
};
