// A ZIP writer that streams: entries are deflated as their bytes arrive and go straight to the sink,
// so an archive of any size costs a deflate window and a chunk in memory. Sizes and CRC-32 are not
// known when an entry starts, so each carries a data descriptor after its data (general-purpose bit 3);
// the central directory at the end has them all, which is what readers (ours included) go by.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createDeflateRaw, crc32 } from 'node:zlib';

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const DEFLATED = 8;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const VERSION = 20;
// 1980-01-01 00:00, as writeZip stamps entries: equal input gives equal bytes.
const DOS_DATE = 1 << 5 | 1;

interface Written {
  readonly name: Buffer;
  readonly offset: number;
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
}

/** One entry being written: text or bytes in order, then end(). */
export interface ZipEntryWriter {
  write(data: string | Uint8Array): Promise<void>;
  end(): Promise<void>;
}

export class ZipStreamWriter {
  private offset = 0;
  private readonly entries: Written[] = [];
  private readonly names = new Set<string>();
  private open = false;

  constructor(private readonly sink: Writable) {}

  /** Bytes written to the sink so far. */
  get bytesWritten(): number {
    return this.offset;
  }

  private async emit(bytes: Buffer): Promise<void> {
    this.offset += bytes.length;
    if (!this.sink.write(bytes)) await once(this.sink, 'drain');
  }

  /** Starts an entry; the previous one must have ended. */
  async entry(entryName: string): Promise<ZipEntryWriter> {
    if (this.open) throw new Error('a ZIP entry is still being written');
    if (this.names.has(entryName)) throw new RangeError(`duplicate ZIP entry ${entryName}`);
    if (this.names.size >= 0xffff) throw new RangeError('a ZIP without zip64 holds at most 65,535 entries');
    this.names.add(entryName);
    this.open = true;
    const name = Buffer.from(entryName, 'utf8');
    const offset = this.offset;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(FLAG_UTF8 | FLAG_DATA_DESCRIPTOR, 6);
    local.writeUInt16LE(DEFLATED, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    // CRC and sizes stay zero here: the data descriptor after the data carries them.
    local.writeUInt16LE(name.length, 26);
    await this.emit(Buffer.concat([local, name]));

    const deflate = createDeflateRaw();
    let crc = 0;
    let size = 0;
    let compressed = 0;
    const pumped = (async () => {
      for await (const chunk of deflate as AsyncIterable<Buffer>) {
        compressed += chunk.length;
        await this.emit(chunk);
      }
    })();
    return {
      write: async (data) => {
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
        if (bytes.length === 0) return;
        crc = crc32(bytes, crc);
        size += bytes.length;
        if (size > 0xffffffff) throw new RangeError('a ZIP entry without zip64 holds at most 4 GiB');
        if (!deflate.write(bytes)) await once(deflate, 'drain');
      },
      end: async () => {
        deflate.end();
        await pumped;
        const descriptor = Buffer.alloc(16);
        descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
        descriptor.writeUInt32LE(crc, 4);
        descriptor.writeUInt32LE(compressed, 8);
        descriptor.writeUInt32LE(size, 12);
        await this.emit(descriptor);
        this.entries.push({ name, offset, crc, compressed, size });
        this.open = false;
      },
    };
  }

  /** A whole entry at once (the small parts of a package). */
  async add(entryName: string, data: string | Uint8Array): Promise<void> {
    const entry = await this.entry(entryName);
    await entry.write(data);
    await entry.end();
  }

  /** Writes the central directory; the sink is left open for the caller to end. */
  async finish(): Promise<void> {
    if (this.open) throw new Error('a ZIP entry is still being written');
    if (this.offset > 0xffffffff) throw new RangeError('a ZIP without zip64 holds at most 4 GiB');
    const directoryOffset = this.offset;
    const centrals = this.entries.map((e) => {
      const central = Buffer.alloc(46);
      central.writeUInt32LE(CENTRAL_HEADER, 0);
      central.writeUInt16LE(VERSION, 4);
      central.writeUInt16LE(VERSION, 6);
      central.writeUInt16LE(FLAG_UTF8 | FLAG_DATA_DESCRIPTOR, 8);
      central.writeUInt16LE(DEFLATED, 10);
      central.writeUInt16LE(0, 12);
      central.writeUInt16LE(DOS_DATE, 14);
      central.writeUInt32LE(e.crc, 16);
      central.writeUInt32LE(e.compressed, 20);
      central.writeUInt32LE(e.size, 24);
      central.writeUInt16LE(e.name.length, 28);
      central.writeUInt32LE(e.offset, 42);
      return Buffer.concat([central, e.name]);
    });
    const directory = Buffer.concat(centrals);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(directoryOffset, 16);
    await this.emit(Buffer.concat([directory, end]));
  }
}
