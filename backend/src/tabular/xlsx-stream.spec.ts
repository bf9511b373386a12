import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readXlsx, writeXlsx, type XlsxCell } from './xlsx';
import { XlsxSheetStream } from './xlsx-stream';
import { readZip } from './zip';
import { ZipStreamWriter } from './zip-stream';

const collect = (stream: PassThrough): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return once(stream, 'end').then(() => Buffer.concat(chunks));
};

const streamed = async (rows: readonly (readonly XlsxCell[])[], options: ConstructorParameters<typeof XlsxSheetStream>[1] = {}): Promise<Buffer> => {
  const sink = new PassThrough();
  const bytes = collect(sink);
  const sheet = new XlsxSheetStream(sink, options);
  for (const row of rows) await sheet.writeRow(row);
  await sheet.finish();
  sink.end();
  return bytes;
};

describe('streaming ZIP writer', () => {
  it('writes entries our reader inflates back, with sizes and CRC from the data descriptors', async () => {
    const sink = new PassThrough();
    const bytes = collect(sink);
    const zip = new ZipStreamWriter(sink);
    const big = await zip.entry('big.txt');
    for (let i = 0; i < 1000; i++) await big.write(`line ${i} 中文\n`);
    await big.end();
    await zip.add('small.bin', Uint8Array.from([0, 1, 2, 255]));
    await zip.finish();
    sink.end();
    const archive = readZip(await bytes);
    expect(archive.entries.map((e) => e.name)).toEqual(['big.txt', 'small.bin']);
    expect(Buffer.from(archive.read('big.txt')).toString('utf8').split('\n')[999]).toBe('line 999 中文');
    expect([...archive.read('small.bin')]).toEqual([0, 1, 2, 255]);
  });

  it('refuses a second entry while one is open, and a duplicate name', async () => {
    const zip = new ZipStreamWriter(new PassThrough().resume());
    const first = await zip.entry('a');
    await expect(zip.entry('b')).rejects.toThrow(/still being written/);
    await first.end();
    await expect(zip.entry('a')).rejects.toThrow(/duplicate/);
  });
});

describe('streaming XLSX sheet', () => {
  const rows: XlsxCell[][] = [
    ['工单号', 'Status', 'Count', 'Day', 'Open'],
    ['WO-1', '待派单', 3, new Date(Date.UTC(2026, 11, 1)), true],
    ['=1+1', '  spaced  ', -0, new Date(Date.UTC(2026, 11, 1, 8, 30)), false],
    [null, 'a_x0041_b\u0001', 1e21, undefined, null],
  ];

  it('reads back as the buffered writer’s sheet of the same rows does', async () => {
    const fromStream = readXlsx(await streamed(rows, { sheetName: '工单', headerRows: 1, widths: [20, 12] }));
    const fromBuffer = readXlsx(writeXlsx(rows, { sheetName: '工单', headerRows: 1 }));
    expect(fromStream.name).toBe('工单');
    expect(fromStream.rows).toEqual(fromBuffer.rows);
  });

  it('writes text inline, so no shared-string table grows with the rows', async () => {
    const archive = readZip(await streamed(rows));
    expect(archive.has('xl/sharedStrings.xml')).toBe(false);
    expect(Buffer.from(archive.read('xl/worksheets/sheet1.xml')).toString('utf8')).toContain('t="inlineStr"><is><t>待派单</t></is>');
  });

  it('reads back 30,000 rows written in many chunks', async () => {
    const many: XlsxCell[][] = [['n', '名称']];
    for (let i = 1; i <= 30_000; i++) many.push([i, `设备 ${i}`]);
    const read = readXlsx(await streamed(many, { headerRows: 1 }));
    expect(read.rows).toHaveLength(30_001);
    expect(read.rows[30_000]).toEqual({ number: 30_001, cells: [30_000, '设备 30000'] });
  });

  it('is a valid archive of well-formed XML parts for Python’s zipfile and ElementTree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-stream-'));
    try {
      const path = join(dir, 'out.xlsx');
      const file = createWriteStream(path);
      const sheet = new XlsxSheetStream(file, { headerRows: 1 });
      for (const row of rows) await sheet.writeRow(row);
      await sheet.finish();
      file.end();
      await once(file, 'close');
      const script = String.raw`
import json, sys, zipfile, xml.etree.ElementTree as ET
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    for name in z.namelist():
        ET.fromstring(z.read(name))
    M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
    sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
    texts = [''.join(t.text or '' for t in c.iter(M + 't')) for c in sheet.iter(M + 'c') if c.get('t') == 'inlineStr']
    json.dump({'bad': bad, 'names': z.namelist(), 'texts': texts}, sys.stdout, ensure_ascii=False)
`;
      const run = spawnSync('python3', ['-c', script, path]);
      expect(run.status).toBe(0);
      const out = JSON.parse(run.stdout.toString('utf8')) as { bad: string | null; names: string[]; texts: string[] };
      expect(out.bad).toBeNull();
      expect(out.names).toContain('xl/worksheets/sheet1.xml');
      expect(out.texts.slice(0, 7)).toEqual(['工单号', 'Status', 'Count', 'Day', 'Open', 'WO-1', '待派单']);
      expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
