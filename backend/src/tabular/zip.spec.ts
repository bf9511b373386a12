import { crc32, deflateRawSync } from 'node:zlib';
import { TabularFileError } from './errors';
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

// Offsets into a one-entry archive our writer made (APPNOTE 4.3.7 and 4.3.12).
const centralOf = (zip: Buffer) => zip.readUInt32LE(zip.length - 22 + 16);

/** A hand-built one-entry archive, for inputs our writer would never produce. */
const craft = (options: {
  name?: string;
  data: Buffer;
  method?: number;
  flags?: number;
  size?: number;
  crc?: number;
  compressed?: Buffer;
}): Buffer => {
  const name = Buffer.from(options.name ?? 'a.txt');
  const method = options.method ?? 8;
  const body = options.compressed ?? (method === 8 ? deflateRawSync(options.data) : options.data);
  const size = options.size ?? options.data.length;
  const crc = options.crc ?? crc32(options.data);
  const flags = options.flags ?? 0;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(flags, 6);
  local.writeUInt16LE(method, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(flags, 8);
  central.writeUInt16LE(method, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + body.length, 16);
  return Buffer.concat([local, name, body, central, name, end]);
};

describe('writeZip / readZip', () => {
  it('round-trips entries, deflating what shrinks and storing what does not', () => {
    const text = '手机号,姓名\r\n'.repeat(200);
    const random = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97 + 13) % 256));
    const zip = readZip(
      writeZip([
        { name: 'sheet.csv', data: text },
        { name: 'noise.bin', data: random },
        { name: '空/文件.txt', data: '' },
      ]),
    );
    expect(zip.entries.map((e) => [e.name, e.method])).toEqual([
      ['sheet.csv', 8],
      ['noise.bin', 0],
      ['空/文件.txt', 0],
    ]);
    expect(zip.entries[0].compressedSize).toBeLessThan(zip.entries[0].size);
    expect(zip.read('sheet.csv').toString('utf8')).toBe(text);
    expect(zip.read('noise.bin')).toEqual(random);
    expect(zip.read('空/文件.txt')).toHaveLength(0);
    expect(zip.has('absent')).toBe(false);
    expect(refusal(() => zip.read('absent')).rule).toBe('xlsx-missing-part');
  });

  it('writes the same bytes for the same entries, and refuses duplicate names', () => {
    const entries = [{ name: 'a', data: 'x' }];
    expect(writeZip(entries).equals(writeZip(entries))).toBe(true);
    expect(() => writeZip([...entries, ...entries])).toThrow(RangeError);
  });

  it('checks the CRC-32 of what it inflates', () => {
    const zip = writeZip([{ name: 'a.txt', data: 'hello hello hello hello hello' }]);
    const damaged = Buffer.from(zip);
    damaged.writeUInt32LE(damaged.readUInt32LE(centralOf(zip) + 16) ^ 1, centralOf(zip) + 16);
    expect(refusal(() => readZip(damaged).read('a.txt')).rule).toBe('zip-crc-mismatch');
    const stored = craft({ data: Buffer.from('abc'), method: 0, crc: 1 });
    expect(refusal(() => readZip(stored).read('a.txt')).rule).toBe('zip-crc-mismatch');
  });

  it('refuses what is not a ZIP, or is cut short', () => {
    expect(refusal(() => readZip(Buffer.from('not a zip at all, just text'))).rule).toBe('zip-malformed');
    expect(refusal(() => readZip(Buffer.alloc(0))).rule).toBe('zip-malformed');
    const zip = writeZip([{ name: 'a.txt', data: 'hello' }]);
    expect(refusal(() => readZip(zip.subarray(0, zip.length - 5))).rule).toBe('zip-malformed');
    expect(refusal(() => readZip(zip.subarray(10))).rule).toBe('zip-malformed');
  });

  it('refuses encrypted entries', () => {
    expect(refusal(() => readZip(craft({ data: Buffer.from('secret'), flags: 1 }))).rule).toBe('zip-encrypted');
  });

  it('refuses compression methods other than stored and deflate', () => {
    expect(refusal(() => readZip(craft({ data: Buffer.from('x'), method: 12 }))).rule).toBe('zip-compression-method');
  });

  it('refuses zip64 markers', () => {
    expect(refusal(() => readZip(craft({ data: Buffer.from('x'), size: 0xffffffff }))).rule).toBe('zip64-unsupported');
    const zip = writeZip([{ name: 'a', data: 'x' }]);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    const withLocator = Buffer.concat([zip.subarray(0, zip.length - 22), locator, zip.subarray(zip.length - 22)]);
    expect(refusal(() => readZip(withLocator)).rule).toBe('zip64-unsupported');
  });

  it('refuses more entries than the limit', () => {
    const zip = writeZip(Array.from({ length: 5 }, (_, i) => ({ name: `e${i}`, data: 'x' })));
    expect(readZip(zip, { maxEntries: 5 }).entries).toHaveLength(5);
    expect(refusal(() => readZip(zip, { maxEntries: 4 })).rule).toBe('zip-too-many-entries');
  });

  it('refuses a bomb by its declared size before inflating, and by the total inflated across entries', () => {
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    const bomb = writeZip([{ name: 'bomb', data: zeros }]);
    expect(bomb.length).toBeLessThan(16 * 1024);
    expect(refusal(() => readZip(bomb, { maxEntryBytes: 1024 * 1024 }).read('bomb')).rule).toBe('zip-too-large');
    const two = writeZip([
      { name: 'a', data: zeros.subarray(0, 600_000) },
      { name: 'b', data: zeros.subarray(0, 600_000) },
    ]);
    const zip = readZip(two, { maxTotalBytes: 1_000_000 });
    expect(zip.read('a')).toHaveLength(600_000);
    expect(refusal(() => zip.read('b')).rule).toBe('zip-too-large');
  });

  it('refuses an entry that inflates beyond the size it declares (a lying header)', () => {
    const data = Buffer.alloc(1024 * 1024);
    const liar = craft({ data, size: 100, compressed: deflateRawSync(data) });
    expect(refusal(() => readZip(liar).read('a.txt')).rule).toBe('zip-malformed');
  });

  it('refuses overlapping entries (one compressed stream counted many times over)', () => {
    const zip = craft({ data: Buffer.from('payload payload payload') });
    const cdStart = zip.readUInt32LE(zip.length - 22 + 16);
    const cdSize = zip.readUInt32LE(zip.length - 22 + 12);
    const entry = Buffer.from(zip.subarray(cdStart, cdStart + cdSize));
    const twin = Buffer.from(entry);
    twin.write('b', 46); // same local header, another name
    const end = Buffer.from(zip.subarray(zip.length - 22));
    end.writeUInt16LE(2, 8);
    end.writeUInt16LE(2, 10);
    end.writeUInt32LE(cdSize * 2, 12);
    const overlapping = Buffer.concat([zip.subarray(0, cdStart), entry, twin, end]);
    expect(refusal(() => readZip(overlapping)).rule).toBe('zip-overlapping-entries');
  });

  it('refuses a local header that names another file than the directory does', () => {
    const zip = writeZip([{ name: 'a.xml', data: 'one' }]);
    const forged = Buffer.from(zip);
    forged.write('b', 30);
    expect(refusal(() => readZip(forged)).rule).toBe('zip-malformed');
  });

  it('refuses an archive that names one entry twice', () => {
    const zip = writeZip([
      { name: 'a', data: 'one' },
      { name: 'b', data: 'two' },
    ]);
    const renamed = Buffer.from(zip);
    const cd = centralOf(zip);
    const second = cd + 46 + 1;
    renamed.write('a', second + 46);
    expect(refusal(() => readZip(renamed)).rule).toBe('zip-duplicate-entry');
  });
});
