// One-sheet XLSX written row by row to a stream, in bounded memory: the sheet XML is produced in
// chunks and deflated into its ZIP entry as it goes. Text is written inline in its cell (a shared-
// string table would have to hold every distinct string until the end), and column widths are given
// up front since nothing is measured. Cells are written as writeXlsx writes them.
import type { Writable } from 'node:stream';
import { TabularFileError } from './errors';
import {
  columnName,
  CT,
  DAY_MS,
  dateToSerial,
  LOOKS_LIKE_FORMULA,
  MAX_CELL_TEXT,
  MAX_COLUMNS,
  MAX_ROWS,
  NS_MAIN,
  NS_PACKAGE_REL,
  NS_REL,
  STYLE_DATE,
  STYLE_DATE_TIME,
  STYLE_HEADER,
  STYLE_QUOTED_TEXT,
  STYLES_XML,
  textElement,
  validSheetName,
  XML_DECLARATION,
  type XlsxCell,
} from './xlsx';
import { escapeXml } from './xml';
import { ZipStreamWriter, type ZipEntryWriter } from './zip-stream';

export interface XlsxStreamOptions {
  sheetName?: string;
  /** How many leading rows are headers: bold, and frozen while scrolling. */
  headerRows?: number;
  /** Column widths in characters; 12 where unset. */
  widths?: readonly (number | undefined)[];
}

/** Sheet XML is handed to deflate in pieces of about this many characters. */
const CHUNK_CHARACTERS = 64 * 1024;

export class XlsxSheetStream {
  private readonly zip: ZipStreamWriter;
  private sheet: ZipEntryWriter | null = null;
  private pending: string[] = [];
  private pendingLength = 0;
  private rowCount = 0;
  private readonly sheetName: string;
  private readonly headerRows: number;
  /** Column letters, computed once per column rather than for every cell of every row. */
  private readonly columnNames: string[] = [];

  constructor(
    sink: Writable,
    private readonly options: XlsxStreamOptions = {},
  ) {
    this.zip = new ZipStreamWriter(sink);
    this.sheetName = validSheetName(options.sheetName ?? 'Sheet1');
    this.headerRows = options.headerRows ?? 0;
  }

  /** Rows written so far. */
  get rows(): number {
    return this.rowCount;
  }

  /** Bytes written to the sink so far. */
  get bytesWritten(): number {
    return this.zip.bytesWritten;
  }

  private async start(): Promise<ZipEntryWriter> {
    this.sheet = await this.zip.entry('xl/worksheets/sheet1.xml');
    const headerRows = this.headerRows;
    const frozen =
      headerRows > 0
        ? `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${headerRows}" topLeftCell="A${headerRows + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${headerRows + 1}" sqref="A${headerRows + 1}"/></sheetView></sheetViews>`
        : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
    const widths = this.options.widths ?? [];
    if (widths.length > MAX_COLUMNS) throw new TabularFileError('too-many-columns', `a sheet holds at most ${MAX_COLUMNS} columns`);
    const cols = widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${w ?? 12}" customWidth="1"/>`).join('');
    // CT_Worksheet is a sequence: sheetViews, sheetFormatPr, cols, sheetData (no dimension: it is optional and not known yet).
    await this.sheet.write(
      XML_DECLARATION + `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` + frozen + '<sheetFormatPr defaultRowHeight="15"/>' + (cols ? `<cols>${cols}</cols>` : '') + '<sheetData>',
    );
    return this.sheet;
  }

  async writeRow(row: readonly XlsxCell[]): Promise<void> {
    const sheet = this.sheet ?? (await this.start());
    if (this.rowCount >= MAX_ROWS) throw new TabularFileError('too-many-rows', `a sheet holds at most ${MAX_ROWS} rows`);
    if (row.length > MAX_COLUMNS) throw new TabularFileError('too-many-columns', `a sheet holds at most ${MAX_COLUMNS} columns`);
    const r = this.rowCount++;
    const header = r < this.headerRows;
    const style = header ? ` s="${STYLE_HEADER}"` : '';
    let xml = `<row r="${r + 1}">`;
    row.forEach((cell, c) => {
      if (cell === null || cell === undefined) return;
      const ref = (this.columnNames[c] ??= columnName(c)) + (r + 1);
      if (typeof cell === 'string') {
        if (cell.length > MAX_CELL_TEXT) throw new TabularFileError('cell-too-long', `cell ${ref} holds ${cell.length} characters; a spreadsheet cell holds at most ${MAX_CELL_TEXT}`);
        const textStyle = !header && LOOKS_LIKE_FORMULA.test(cell) ? ` s="${STYLE_QUOTED_TEXT}"` : style;
        xml += `<c r="${ref}"${textStyle} t="inlineStr"><is>${textElement(cell)}</is></c>`;
      } else if (typeof cell === 'number') {
        if (!Number.isFinite(cell)) throw new TabularFileError('not-a-number', `cell ${ref}: ${cell} cannot be written to a spreadsheet`);
        xml += `<c r="${ref}"${style}><v>${Object.is(cell, -0) ? 0 : String(cell).toUpperCase()}</v></c>`;
      } else if (typeof cell === 'boolean') {
        xml += `<c r="${ref}"${style} t="b"><v>${cell ? 1 : 0}</v></c>`;
      } else {
        if (Number.isNaN(cell.getTime())) throw new TabularFileError('not-a-date', `cell ${ref} holds an invalid date`);
        const dateStyle = cell.getTime() % DAY_MS === 0 ? STYLE_DATE : STYLE_DATE_TIME;
        xml += `<c r="${ref}" s="${header ? STYLE_HEADER : dateStyle}"><v>${dateToSerial(cell)}</v></c>`;
      }
    });
    this.pending.push(xml + '</row>');
    this.pendingLength += xml.length + 6;
    if (this.pendingLength >= CHUNK_CHARACTERS) await this.flush(sheet);
  }

  private async flush(sheet: ZipEntryWriter): Promise<void> {
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    await sheet.write(text);
  }

  /** Ends the sheet and writes the package's other parts and the ZIP directory; the sink stays open. */
  async finish(): Promise<void> {
    const sheet = this.sheet ?? (await this.start());
    await this.flush(sheet);
    await sheet.write('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>');
    await sheet.end();
    await this.zip.add(
      '[Content_Types].xml',
      XML_DECLARATION +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${CT}.worksheet+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>` +
        '</Types>',
    );
    await this.zip.add(
      '_rels/.rels',
      XML_DECLARATION + `<Relationships xmlns="${NS_PACKAGE_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    );
    await this.zip.add(
      'xl/workbook.xml',
      XML_DECLARATION +
        `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews>` +
        `<sheets><sheet name="${escapeXml(this.sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    );
    await this.zip.add(
      'xl/_rels/workbook.xml.rels',
      XML_DECLARATION +
        `<Relationships xmlns="${NS_PACKAGE_REL}">` +
        `<Relationship Id="rId1" Type="${NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${NS_REL}/styles" Target="styles.xml"/>` +
        '</Relationships>',
    );
    await this.zip.add('xl/styles.xml', STYLES_XML);
    await this.zip.finish();
  }
}
