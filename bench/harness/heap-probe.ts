// Loaded into the product with `--require` (and `--expose-gc`) by benchmarks that report its heap: on
// SIGUSR2 it collects garbage and writes process.memoryUsage() to HEAP_PROBE_FILE, so the figure is the
// live heap after start-up, not whatever garbage the last replay left.
import { renameSync, writeFileSync } from 'node:fs';

const file = process.env['HEAP_PROBE_FILE'];
if (file) {
  process.on('SIGUSR2', () => {
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    collect?.();
    writeFileSync(`${file}.tmp`, JSON.stringify({ ...process.memoryUsage(), collected: collect !== undefined, at: Date.now() }));
    renameSync(`${file}.tmp`, file);
  });
}
