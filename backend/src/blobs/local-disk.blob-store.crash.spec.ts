// The local-disk blob store killed (SIGKILL) in the middle of writing: every blob it reported stored is
// whole, no file under a blob's name holds other bytes, and what the kill interrupted is only a
// partial file under .incoming that no read shows.
import { spawn } from 'node:child_process';
import { createHash, randomInt } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskBlobStore } from './local-disk.blob-store';

const root = join(__dirname, '../../..');
const compiled = join(root, 'dist/server/backend/src/blobs/local-disk.blob-store.js'); // built by tools/jest-global-setup.js
const writer = join(__dirname, 'testing/write-blobs-until-killed.cjs');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Starts the writer and kills it once it has reported `after` blobs, while it writes the next. */
const writeUntilKilled = (dir: string, after: number): Promise<string[]> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, compiled, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reported: string[] = [];
    let pending = '';
    let stderr = '';
    let killing = false;
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      pending += c.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        if (line !== 'writing') reported.push(line);
        // A few milliseconds into the next write: opening, writing, syncing or renaming.
        else if (reported.length >= after && !killing) {
          killing = true;
          setTimeout(() => child.kill('SIGKILL'), randomInt(0, 25));
        }
      }
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(reported) : reject(new Error(`writer exited ${code}: ${stderr}`))));
  });

/** Every file stored under a blob name, by walking the shards. */
const storedFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((a) => a !== '.incoming')
    .flatMap((a) => readdirSync(join(dir, a)).flatMap((b) => readdirSync(join(dir, a, b)).map((name) => join(dir, a, b, name))));

describe('the local-disk blob store, killed while writing', () => {
  it('shows only whole blobs after each of several kills, and keeps working', async () => {
    const base = mkdtempSync(join(tmpdir(), 'kuaige-blob-crash-'));
    const dir = join(base, 'blobs');
    const reported: string[] = [];
    const interrupted = new Set<string>();
    for (let round = 0; round < 6; round++) {
      reported.push(...(await writeUntilKilled(dir, randomInt(2, 6))));
      const store = await LocalDiskBlobStore.open({ dir, maxBytes: 4 * 1024 * 1024 });
      for (const path of storedFiles(dir)) expect(sha(readFileSync(path))).toBe(path.split('/').pop());
      for (const id of reported) expect(await store.stat(id)).toEqual(expect.objectContaining({ blobId: id, mediaType: 'image/png', size: statSync(storedFiles(dir).find((p) => p.endsWith(id))!).size }));
      const partials = readdirSync(join(dir, '.incoming'));
      for (const partial of partials) interrupted.add(partial);
      for (const partial of partials) {
        expect(partial).toMatch(/^[0-9a-f]{64}\.[0-9a-f]{12}\.part$/);
        // A partial file is never a blob, unless the same bytes were stored whole before.
        const id = partial.slice(0, 64);
        if (!reported.includes(id)) expect(await store.stat(id)).toBeNull();
      }
    }
    expect(reported.length).toBeGreaterThanOrEqual(12);
    // How many kills landed inside a write before the rename (the rest between writes or after it).
    process.stdout.write(`blob store crash spec: ${reported.length} blobs stored, ${interrupted.size} partial files left by 6 kills\n`);
    rmSync(base, { recursive: true, force: true });
  }, 120_000);
});
