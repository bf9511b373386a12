import type { RecordedEvent } from '@kuaige/eventsourcing';
import { EmbeddedReadModelStore, ProjectionRunner, publicRow, type Projection, type Row } from '@kuaige/projections';

// ---- The before/after of an event on the read models it changes --------------------------------
//
// Projections are pure (event → row changes), so the read model of one entity can be rebuilt from its
// stream alone: fold the stream up to the event into a scratch store, take the rows, apply the event,
// take them again. Only the projections that handle the event's type take part. Rows that other
// streams' events also shape (an SLA badge on a work order) show this stream's part only.

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
  /** Dot path inside the row, e.g. `contact.name`; arrays compare whole. */
  readonly path: string;
  readonly kind: ChangeKind;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface RowDiff {
  readonly collection: string;
  readonly id: string;
  readonly kind: ChangeKind;
  readonly fields: readonly FieldChange[];
}

/** Fields left out of the comparison: where a row sits, not what it says. */
const IGNORED = new Set(['scope']);
/** Values never shown: hashes of passwords and codes, encrypted secrets. */
const SECRET_FIELD = /password|secret|token|recoverycode|codehash/i;
export const REDACTED = '[redacted]';

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Replaces the values of secret-looking fields, at any depth. */
export const redactSecrets = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (!isPlain(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) ? REDACTED : redactSecrets(v)]));
};

const flatten = (value: Record<string, unknown>, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> => {
  for (const [key, v] of Object.entries(value)) {
    if (prefix === '' && IGNORED.has(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlain(v) && Object.keys(v).length > 0) flatten(v, path, out);
    else out.set(path, v);
  }
  return out;
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Field by field: what the row gained, lost and changed. */
export const diffRows = (before: Row | null, after: Row | null): FieldChange[] => {
  const b = before ? flatten(redactSecrets(publicRow(before)) as Record<string, unknown>) : new Map<string, unknown>();
  const a = after ? flatten(redactSecrets(publicRow(after)) as Record<string, unknown>) : new Map<string, unknown>();
  const changes: FieldChange[] = [];
  for (const [path, value] of a) {
    if (!b.has(path)) changes.push({ path, kind: 'added', after: value });
    else if (!same(b.get(path), value)) changes.push({ path, kind: 'changed', before: b.get(path), after: value });
  }
  for (const [path, value] of b) if (!a.has(path)) changes.push({ path, kind: 'removed', before: value });
  return changes.sort((x, y) => x.path.localeCompare(y.path));
};

const visible = (rows: readonly Row[]): Map<string, Row> => new Map(rows.filter((r) => r['_removed'] !== true).map((r) => [r._id, r]));

/**
 * The rows `target` changed, given the events of its stream before it (oldest first, upcast).
 * `projections` are the product's; those that do not handle the event's type are passed over.
 */
export async function readModelDiff(
  earlier: readonly RecordedEvent[],
  target: RecordedEvent,
  projections: readonly Projection[],
): Promise<RowDiff[]> {
  const relevant = projections.filter((p) => p.handlers[target.type] !== undefined);
  const store = new EmbeddedReadModelStore();
  const diffs: RowDiff[] = [];
  for (const projection of relevant) {
    const runner = new ProjectionRunner(store, projection, projection.collection, `diff:${projection.name}`);
    await runner.prepare();
    if (earlier.length > 0) await runner.apply(earlier, earlier[earlier.length - 1]!.position);
    const rows = store.collection<Row>(projection.collection);
    const before = visible(await rows.find({}));
    await runner.apply([target], target.position);
    const after = visible(await rows.find({}));
    for (const id of new Set([...before.keys(), ...after.keys()])) {
      const fields = diffRows(before.get(id) ?? null, after.get(id) ?? null);
      if (fields.length === 0) continue;
      const kind: ChangeKind = !before.has(id) ? 'added' : !after.has(id) ? 'removed' : 'changed';
      diffs.push({ collection: projection.collection, id, kind, fields });
    }
  }
  return diffs;
}
