import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import type { ExportFormat } from '@kuaige/domain';
import { layoutReport, type ReportBlock } from '../../pdf/report-layout';
import { writePdf } from '../../pdf/pdf-writer';
import { csvField, neutralizeFormula } from '../../tabular/csv';
import { XlsxSheetStream } from '../../tabular/xlsx-stream';
import type { XlsxCell } from '../../tabular/xlsx';
import type { ExportCell, ExportColumn, ExportLocale } from '../export-source';

// ---- Writing an export's file: rows in, bytes to disk, memory bounded by a page of rows -------------
// XLSX and CSV stream to a `.part` file that is renamed once complete, so a file under the final name is
// always whole; a job that died mid-way leaves a `.part` the retry overwrites. The SHA-256 and size are
// taken from the bytes as they pass. A PDF is laid out in memory, which is why its rows are capped.

export const MEDIA_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

/** A PDF lays every row out in memory and becomes unreadable long before; beyond this, XLSX or CSV. */
export const PDF_MAX_ROWS = 5_000;

const CHINA_OFFSET_MS = 8 * 3_600_000;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export interface WrittenFile {
  readonly rows: number;
  readonly size: number;
  readonly sha256: string;
}

export interface ExportFileRequest {
  readonly path: string;
  readonly format: ExportFormat;
  readonly title: string;
  readonly locale: ExportLocale;
  readonly columns: readonly ExportColumn[];
  readonly rows: AsyncIterable<Readonly<Record<string, ExportCell>>>;
  /** Called after every row with the count so far (cheap: the caller decides what to record). */
  readonly onRow?: (rows: number) => Promise<void> | void;
  readonly signal?: AbortSignal;
}

/** A day or instant as people in China read it (the product's time zone), for text formats. */
const chinaTime = (iso: string, withTime: boolean): string => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = new Date(ms + CHINA_OFFSET_MS).toISOString();
  return withTime ? `${local.slice(0, 10)} ${local.slice(11, 19)}` : local.slice(0, 10);
};

/** A cell for the spreadsheet: days and instants as dates (China's wall clock), fen as yuan. */
const sheetCell = (value: ExportCell, column: ExportColumn): XlsxCell => {
  if (value === null || value === undefined || value === '') return null;
  switch (column.type) {
    case 'number':
      return typeof value === 'number' ? value : Number.isFinite(Number(value)) ? Number(value) : String(value);
    case 'fen':
      return typeof value === 'number' ? value / 100 : String(value);
    case 'day':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00.000Z`) : String(value);
    case 'instant': {
      const ms = typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isNaN(ms) ? String(value) : new Date(ms + CHINA_OFFSET_MS);
    }
    default:
      return typeof value === 'boolean' || typeof value === 'number' ? value : String(value);
  }
};

/** A cell as text (CSV and PDF). */
export const textCell = (value: ExportCell, column: ExportColumn): string => {
  if (value === null || value === undefined) return '';
  if (column.type === 'fen' && typeof value === 'number') return (value / 100).toFixed(2);
  if (column.type === 'instant' && typeof value === 'string') return chinaTime(value, true);
  if (column.type === 'day' && typeof value === 'string' && value.length > 10) return chinaTime(value, false);
  return String(value);
};

/** Passes bytes to the file while hashing and counting them. */
class HashingSink extends Writable {
  readonly hash = createHash('sha256');
  size = 0;
  constructor(private readonly file: Writable) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.file.write(chunk)) done();
    else this.file.once('drain', () => done());
  }
  override _final(done: (error?: Error | null) => void): void {
    this.file.end(() => done());
  }
}

const sheetName = (title: string): string => title.replace(/[[\]:*?/\\']/g, ' ').trim().slice(0, 31) || 'Sheet1';

/** Writes the file; the final path appears only once it is complete. */
export const writeExportFile = async (request: ExportFileRequest): Promise<WrittenFile> => {
  const partial = `${request.path}.part`;
  await mkdir(dirname(request.path), { recursive: true });
  const file = createWriteStream(partial);
  const closed = once(file, 'close');
  const sink = new HashingSink(file);
  let rows = 0;
  const { columns } = request;
  try {
    if (request.format === 'xlsx') {
      const sheet = new XlsxSheetStream(sink, { sheetName: sheetName(request.title), headerRows: 1, widths: columns.map((c) => c.width ?? 16) });
      await sheet.writeRow(columns.map((c) => c.header));
      for await (const row of request.rows) {
        request.signal?.throwIfAborted();
        await sheet.writeRow(columns.map((c) => sheetCell(row[c.key], c)));
        await request.onRow?.(++rows);
      }
      await sheet.finish();
    } else if (request.format === 'csv') {
      // Numbers are data, not formulas: "-5" stays -5; text that starts like a formula is defused (OWASP).
      const numeric = columns.map((c) => c.type === 'number' || c.type === 'fen');
      const line = (cells: readonly string[], header = false) => `${cells.map((c, i) => csvField(header || !numeric[i] ? neutralizeFormula(c) : c)).join(',')}\r\n`;
      let pending = line(columns.map((c) => c.header), true);
      const flush = async () => {
        if (!sink.write(Buffer.from(pending, 'utf8'))) await once(sink, 'drain');
        pending = '';
      };
      // The BOM tells Excel the file is UTF-8; without it Chinese text opens garbled.
      sink.write(UTF8_BOM);
      for await (const row of request.rows) {
        request.signal?.throwIfAborted();
        pending += line(columns.map((c) => textCell(row[c.key], c)));
        if (pending.length > 64 * 1024) await flush();
        await request.onRow?.(++rows);
      }
      await flush();
    } else {
      const blocks: ReportBlock[] = [{ kind: 'title', text: request.title }, { kind: 'text', text: columns.map((c) => c.header).join(' | ') }, { kind: 'rule' }];
      for await (const row of request.rows) {
        request.signal?.throwIfAborted();
        if (rows >= PDF_MAX_ROWS) throw new Error(`a PDF export holds at most ${PDF_MAX_ROWS} rows`);
        blocks.push({ kind: 'text', text: columns.map((c) => textCell(row[c.key], c) || '—').join(' | ') });
        await request.onRow?.(++rows);
      }
      const footer = (page: number, pages: number) => (request.locale === 'zh-CN' ? `${request.title} · 第 ${page} / ${pages} 页` : `${request.title} · page ${page} of ${pages}`);
      sink.write(writePdf(layoutReport(blocks, footer), { title: request.title, createdAt: new Date() }));
    }
    sink.end();
    await once(sink, 'finish');
    await closed;
    await rename(partial, request.path);
    return { rows, size: sink.size, sha256: sink.hash.digest('hex') };
  } catch (error) {
    sink.destroy();
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  }
};
