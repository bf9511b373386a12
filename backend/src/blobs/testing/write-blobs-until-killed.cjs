// Run by local-disk.blob-store.crash.spec.ts only, never by the product: stores PNG-signed blobs of
// random bytes into the directory it is given, one after the other, saying when a write starts and
// printing each id once put() returned, until the spec kills it with SIGKILL inside a write, as a
// power cut would.
const { randomBytes, randomInt } = require('node:crypto');
const [, , modulePath, dir] = process.argv;
const { LocalDiskBlobStore } = require(modulePath);

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

(async () => {
  const store = await LocalDiskBlobStore.open({ dir, maxBytes: 4 * 1024 * 1024 });
  for (;;) {
    const bytes = Buffer.concat([PNG, randomBytes(randomInt(64 * 1024, 3 * 1024 * 1024))]);
    // Told before the write starts, so that the kill can land inside it.
    process.stdout.write('writing\n');
    const stored = await store.put(bytes, 'image/png');
    process.stdout.write(`${stored.blobId}\n`);
  }
})();
