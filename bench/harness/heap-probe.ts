// Loaded into the product with `--require` (and `--expose-gc`) by benchmarks that report its heap: when
// `<HEAP_PROBE_FILE>.request` appears, it collects garbage and writes process.memoryUsage() to
// HEAP_PROBE_FILE, so the figure is the live heap after start-up, not the garbage a replay left. A file,
// not a signal: Nest's shutdown hooks treat SIGUSR2 as a request to stop.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';

const file = process.env['HEAP_PROBE_FILE'];
if (file) {
  setInterval(() => {
    if (!existsSync(`${file}.request`)) return;
    rmSync(`${file}.request`, { force: true });
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    collect?.();
    writeFileSync(`${file}.tmp`, JSON.stringify({ ...process.memoryUsage(), collected: collect !== undefined, at: Date.now() }));
    renameSync(`${file}.tmp`, file);
  }, 100).unref();
}
