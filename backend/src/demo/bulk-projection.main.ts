// The bulk run's read-model follower, forked by the demo generator (bulk-projection.ts): follows the
// data directory's event log until the parent says it is done, then saves the read-model snapshot.
import 'reflect-metadata';
import { PRODUCT_PROJECTIONS } from '../event-sourcing/read-side';
import { projectFollowing } from './bulk-projection';

let done = false;
process.on('message', (m: { done?: boolean }) => {
  if (m.done) done = true;
});
// A parent gone without saying so (killed) leaves a log that ends at a committed batch: project it
// to its head and snapshot it all the same; a resumed run's follower continues from there.
process.on('disconnect', () => {
  done = true;
});

const dataDir = process.argv[2]!;
projectFollowing(dataDir, PRODUCT_PROJECTIONS, () => done, (position, head, perSecond) =>
  process.stderr.write(`read models: position ${position.toLocaleString('en-US')} of ${head.toLocaleString('en-US')} (${Math.round(perSecond).toLocaleString('en-US')} events/s)\n`),
).then(
  (report) => {
    process.send?.({ report });
    process.disconnect?.();
  },
  (error: unknown) => {
    process.stderr.write(`read-model follower failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
