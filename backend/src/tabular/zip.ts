// A small ZIP (PKWARE APPNOTE 6.3) reader and writer: enough for OOXML packages, and suspicious of the
// rest. Entries are stored or deflated; reading goes by the central directory, inflates only what is
// asked for, under limits on the entry count and on the bytes inflated (zip bombs), and checks CRC-32.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { TabularFileError } from './errors';

export interface ZipEntryInput {
  readonly name: string;
  readonly data: Uint8Array | string;
}

export interface ZipWriteOptions {
  /** The time stamped on every entry; a fixed 1980-01-01 unless told, so equal input gives equal bytes. */
  modified?: Date;
}

export interface ZipReadLimits {
  /** Refuse an archive with more entries than this. */
  maxEntries?: number;
  /** Refuse an entry that inflates to more bytes than this. */
  maxEntryBytes?: number;
  /** Refuse once all entries read from this archive together inflate to more bytes than this. */
  maxTotalBytes?: number;
}

export const DEFAULT_ZIP_LIMITS: Required<ZipReadLimits> = {
  maxEntries: 256,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
};

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const STORED = 0;
const DEFLATED = 8;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;
const VERSION = 20; // 2.0: deflate, folders; nothing newer is used

const dosTime = (d: Date): { time: number; date: number } => ({
  time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
  date: ((Math.max(d.getUTCFullYear(), 1980) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
});

/** A ZIP archive of the entries, in their order; each is deflated unless storing it is smaller. */
export const writeZip = (entries: readonly ZipEntryInput[], options: ZipWriteOptions = {}): Buffer => {
  if (entries.length > 0xffff) throw new RangeError('a ZIP without zip64 holds at most 65,535 entries');
  const { time, date } = dosTime(options.modified ?? new Date(Date.UTC(1980, 0, 1)));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const names = new Set<string>();
  let offset = 0;
  for (const entry of entries) {
    if (names.has(entry.name)) throw new RangeError(`duplicate ZIP entry ${entry.name}`);
    names.add(entry.name);
    const data =
      typeof entry.data === 'string'
        ? Buffer.from(entry.data, 'utf8')
        : Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    const deflated = deflateRawSync(data);
    const [method, body] = deflated.length < data.length ? [DEFLATED, deflated] : [STORED, data];
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(data);
    if (offset + 30 + name.length + body.length > 0xffffffff) throw new RangeError('a ZIP without zip64 holds at most 4 GiB');

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(FLAG_UTF8, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE(VERSION, 4); // made by: MS-DOS attributes, version 2.0
    central.writeUInt16LE(VERSION, 6);
    central.writeUInt16LE(FLAG_UTF8, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra, comment, disk, internal and external attributes: all zero
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
};

export interface ZipEntry {
  readonly name: string;
  /** Size after inflating, as the archive declares it (checked when read). */
  readonly size: number;
  readonly compressedSize: number;
  readonly method: number;
}

/** An opened archive: its entry list, and the bytes of an entry on demand. */
export interface ZipArchive {
  readonly entries: readonly ZipEntry[];
  has(name: string): boolean;
  /** The entry's bytes, inflated and CRC-checked; counts against the archive's limits. */
  read(name: string): Buffer;
}

interface Located extends ZipEntry {
  readonly crc: number;
  readonly localOffset: number;
  readonly nameBytes: Buffer;
  dataOffset: number;
}

const malformed = (why: string) =>
  new TabularFileError('zip-malformed', `the file is not a readable ZIP/XLSX archive (${why}); save it again as .xlsx`);

/** Opens a ZIP archive, refusing zip64, multi-disk, encrypted or overlapping entries and methods other than stored/deflate. */
export const readZip = (bytes: Uint8Array, limits: ZipReadLimits = {}): ZipArchive => {
  const { maxEntries, maxEntryBytes, maxTotalBytes } = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(buf);
  if (eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) throw zip64();
  const disk = buf.readUInt16LE(eocd + 4);
  const directoryDisk = buf.readUInt16LE(eocd + 6);
  const onDisk = buf.readUInt16LE(eocd + 8);
  const count = buf.readUInt16LE(eocd + 10);
  const directorySize = buf.readUInt32LE(eocd + 12);
  const directoryOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) throw zip64();
  if (disk !== 0 || directoryDisk !== 0 || onDisk !== count)
    throw new TabularFileError('zip-multi-disk', 'split (multi-volume) ZIP archives are not accepted');
  if (count > maxEntries)
    throw new TabularFileError('zip-too-many-entries', `the archive holds ${count} entries, more than the ${maxEntries} accepted`);
  if (directoryOffset + directorySize > eocd) throw malformed('central directory out of bounds');

  const located: Located[] = [];
  const byName = new Map<string, Located>();
  let p = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > directoryOffset + directorySize || buf.readUInt32LE(p) !== CENTRAL_HEADER) throw malformed('bad central directory entry');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const entryDisk = buf.readUInt16LE(p + 34);
    const localOffset = buf.readUInt32LE(p + 42);
    const nameEnd = p + 46 + nameLength;
    if (nameEnd + extraLength + commentLength > directoryOffset + directorySize) throw malformed('central directory entry out of bounds');
    const nameBytes = buf.subarray(p + 46, nameEnd);
    const name = flags & FLAG_UTF8 ? nameBytes.toString('utf8') : nameBytes.toString('latin1');
    if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION))
      throw new TabularFileError(
        'zip-encrypted',
        'the file is password-protected: remove the password in the spreadsheet app and save it again',
      );
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) throw zip64();
    if (entryDisk !== 0) throw new TabularFileError('zip-multi-disk', 'split (multi-volume) ZIP archives are not accepted');
    if (method !== STORED && method !== DEFLATED)
      throw new TabularFileError(
        'zip-compression-method',
        `entry ${name} uses compression method ${method}; only stored and deflate are read`,
      );
    if (method === STORED && compressedSize !== size) throw malformed(`stored entry ${name} declares two sizes`);
    if (byName.has(name)) throw new TabularFileError('zip-duplicate-entry', `the archive holds ${name} twice`);
    const entry: Located = { name, size, compressedSize, method, crc, localOffset, nameBytes, dataOffset: -1 };
    located.push(entry);
    byName.set(name, entry);
    p = nameEnd + extraLength + commentLength;
  }

  // Each entry's data must sit in its own span before the directory: entries sharing bytes are the
  // "overlapping files" bomb, which multiplies one compressed stream many times over.
  const byOffset = [...located].sort((a, b) => a.localOffset - b.localOffset);
  for (let k = 0; k < byOffset.length; k++) {
    const entry = byOffset[k];
    const at = entry.localOffset;
    if (at + 30 > directoryOffset || buf.readUInt32LE(at) !== LOCAL_HEADER) throw malformed(`no local header for ${entry.name}`);
    if (buf.readUInt16LE(at + 6) & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION))
      throw new TabularFileError(
        'zip-encrypted',
        'the file is password-protected: remove the password in the spreadsheet app and save it again',
      );
    const localNameLength = buf.readUInt16LE(at + 26);
    // Readers that walk local headers would see another file than readers of the directory do.
    if (!buf.subarray(at + 30, at + 30 + localNameLength).equals(entry.nameBytes))
      throw malformed(`the local header of ${entry.name} names another file`);
    entry.dataOffset = at + 30 + localNameLength + buf.readUInt16LE(at + 28);
    const end = entry.dataOffset + entry.compressedSize;
    const limit = k + 1 < byOffset.length ? byOffset[k + 1].localOffset : directoryOffset;
    if (end > limit)
      throw new TabularFileError('zip-overlapping-entries', 'entries of the archive overlap; it is not a file a spreadsheet app writes');
  }

  let inflated = 0;
  return {
    entries: located.map(({ name, size, compressedSize, method }) => ({ name, size, compressedSize, method })),
    has: (name) => byName.has(name),
    read(name) {
      const entry = byName.get(name);
      if (!entry) throw new TabularFileError('xlsx-missing-part', `the archive has no ${name}`);
      if (entry.size > maxEntryBytes || inflated + entry.size > maxTotalBytes) throw tooLarge();
      const raw = buf.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
      let data: Buffer;
      if (entry.method === STORED) data = raw;
      else {
        try {
          // The declared size caps the output, so a lying header cannot make zlib inflate a bomb.
          data = inflateRawSync(raw, { maxOutputLength: Math.max(entry.size, 1) });
        } catch (error) {
          if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw malformed(`${name} inflates beyond its declared size`);
          throw malformed(`${name} does not inflate`);
        }
      }
      if (data.length !== entry.size) throw malformed(`${name} is not the size it declares`);
      if (crc32(data) !== entry.crc)
        throw new TabularFileError('zip-crc-mismatch', `${name} is damaged (CRC-32 mismatch); the file was cut short or altered`);
      inflated += data.length;
      return data;
    },
  };
};

const zip64 = () => new TabularFileError('zip64-unsupported', 'ZIP64 archives (over 4 GiB or 65,535 entries) are not accepted');
const tooLarge = () => new TabularFileError('zip-too-large', 'the file unpacks to more data than accepted; split it into smaller files');

const findEndOfCentralDirectory = (buf: Buffer): number => {
  // The record is 22 bytes plus a comment of up to 65,535; it is the last thing in the file.
  const floor = Math.max(0, buf.length - 22 - 0xffff);
  for (let at = buf.length - 22; at >= floor; at--) {
    if (buf.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY && at + 22 + buf.readUInt16LE(at + 20) === buf.length) return at;
  }
  throw malformed('no end of central directory');
};
