import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { BlobNotFound, BlobRefused } from './blob-store.port';
import { LocalDiskBlobStore } from './local-disk.blob-store';
import { jpegFile, pdfFile, pngFile } from './testing/files';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const refusal = (e: unknown) => (e instanceof BlobRefused ? [e.status, e.field, e.rule] : e);

describe('the local-disk blob store', () => {
  let dir: string;
  let store: LocalDiskBlobStore;
  beforeEach(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'kuaige-blobs-')), 'blobs');
    store = await LocalDiskBlobStore.open({ dir, maxBytes: 4096 });
  });

  it('stores a file under its SHA-256, sharded by its first two bytes, and gives it back unchanged', async () => {
    const pdf = pdfFile();
    const stored = await store.put(pdf, 'application/pdf; charset=binary');
    expect(stored).toEqual({ blobId: sha(pdf), mediaType: 'application/pdf', size: pdf.length, sha256: sha(pdf) });
    expect(existsSync(join(dir, sha(pdf).slice(0, 2), sha(pdf).slice(2, 4), sha(pdf)))).toBe(true);
    expect(await store.stat(stored.blobId)).toEqual(stored);
    expect(await text(await store.open(stored.blobId))).toBe(pdf.toString('latin1'));
  });

  it('is idempotent by content: the same bytes again are the same blob, one file', async () => {
    const png = pngFile(3);
    const first = await store.put(png, 'image/png');
    expect(await store.put(Buffer.from(png), 'image/png')).toEqual(first);
    expect(readdirSync(join(dir, first.blobId.slice(0, 2), first.blobId.slice(2, 4)))).toEqual([first.blobId]);
    expect(readdirSync(join(dir, '.incoming'))).toEqual([]);
  });

  it('checks the type by the bytes, and the size, before writing anything', async () => {
    await expect(store.put(pngFile(), 'image/jpeg').catch(refusal)).resolves.toEqual([400, 'content-type', 'matches-content']);
    await expect(store.put(Buffer.from('GIF89a....'), 'image/png').catch(refusal)).resolves.toEqual([415, 'body', 'media-type']);
    await expect(store.put(jpegFile(), 'image/gif').catch(refusal)).resolves.toEqual([415, 'content-type', 'media-type']);
    await expect(store.put(jpegFile(4097), 'image/jpeg').catch(refusal)).resolves.toEqual([413, 'body', 'max-size']);
    await expect(store.put(Buffer.alloc(0), 'image/jpeg').catch(refusal)).resolves.toEqual([400, 'body', 'not-empty']);
    expect(readdirSync(dir).sort()).toEqual(['.incoming']);
    expect((await store.put(jpegFile(4096), 'image/jpeg')).size).toBe(4096);
  });

  it('knows nothing of ids it did not store, nor of malformed ones', async () => {
    await expect(store.stat('0'.repeat(64))).resolves.toBeNull();
    await expect(store.stat('../../etc/passwd')).resolves.toBeNull();
    await expect(store.open('0'.repeat(64))).rejects.toThrow(BlobNotFound);
  });

  it('never shows a partial file a crash left behind, and removes it once stale', async () => {
    const png = pngFile(9);
    // What a crash in the middle of put() leaves: the first bytes, under .incoming, never renamed.
    const stale = join(dir, '.incoming', `${sha(png)}.aaaaaaaaaaaa.part`);
    const inFlight = join(dir, '.incoming', `${sha(pdfFile())}.bbbbbbbbbbbb.part`);
    writeFileSync(stale, png.subarray(0, 20));
    writeFileSync(inFlight, pdfFile().subarray(0, 10));
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(stale, hourAgo, hourAgo);
    await expect(store.stat(sha(png))).resolves.toBeNull();

    const reopened = await LocalDiskBlobStore.open({ dir, maxBytes: 4096 });
    // Another process's upload may still be writing the fresh one: it stays.
    expect(readdirSync(join(dir, '.incoming'))).toEqual([`${sha(pdfFile())}.bbbbbbbbbbbb.part`]);
    await expect(reopened.stat(sha(pdfFile()))).resolves.toBeNull();
    // The upload the crash interrupted, retried, completes.
    expect(await reopened.put(png, 'image/png')).toEqual(expect.objectContaining({ blobId: sha(png), size: png.length }));
    expect(await reopened.stat(sha(png))).toEqual(expect.objectContaining({ size: png.length }));
  });
});
