// A FAULTY product for the crash harness's self-test only: the embedded event store answers appends
// of the chosen event types at once and commits them later, i.e. it acknowledges before the commit.
// A harness that cannot catch this proves nothing. Never used by the product itself.
import { EmbeddedSqliteEventStore } from '../../backend/src/event-store/embedded-sqlite.event-store';

const types = new Set((process.env['ACK_EARLY_TYPES'] ?? 'ProfileUpdated').split(','));
const delayMs = Number(process.env['ACK_EARLY_MS'] ?? 3000);
const append = EmbeddedSqliteEventStore.prototype.append;

EmbeddedSqliteEventStore.prototype.append = function (this: EmbeddedSqliteEventStore, streamId, events, expected) {
  if (!events.some((e) => types.has(e.type))) return append.call(this, streamId, events, expected);
  setTimeout(() => void append.call(this, streamId, events, 'any').catch(() => undefined), delayMs);
  return Promise.resolve({ nextRevision: (typeof expected === 'number' ? expected : -1) + events.length, position: 0 });
};

// Loaded only after the patch above (an import would be hoisted above it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../../backend/src/main');
