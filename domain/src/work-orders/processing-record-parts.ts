import type { PartUsed, ProcessingRecord } from './work-order.events';

// ---- Stock a processing record moves: what was issued for it against what it now says ------------------
// A record's stocked lines are counted per warehouse × part (two lines of one part from one van are one
// need). Adding a record issues what it lists; editing it issues what it now lists beyond what it listed
// before and returns what it no longer lists, so every unit is issued once per record, however often the
// record is edited. Free-text parts (no partId) move no stock.

/** One warehouse × part a record changes: `delta` > 0 is to be issued to the order, < 0 returned from it. */
export interface RecordPartChange {
  readonly warehouseId: string;
  readonly partId: string;
  readonly delta: number;
  /** The index of the record's first line of this part (for the error that names it), -1 when removed. */
  readonly line: number;
}

const stocked = (p: PartUsed): p is PartUsed & { partId: string; warehouseId: string } => p.partId !== undefined && p.warehouseId !== undefined;

const tally = (record: Pick<ProcessingRecord, 'parts'> | null): Map<string, { warehouseId: string; partId: string; quantity: number; line: number }> => {
  const byKey = new Map<string, { warehouseId: string; partId: string; quantity: number; line: number }>();
  for (const [line, p] of (record?.parts ?? []).entries()) {
    if (!stocked(p)) continue;
    const key = `${p.warehouseId}:${p.partId}`;
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, quantity: seen.quantity + p.quantity } : { warehouseId: p.warehouseId, partId: p.partId, quantity: p.quantity, line });
  }
  return byKey;
};

/** The stock changes from a record as it was (null: new) to the record as it is asked to be; issues first. */
export const recordPartChanges = (before: Pick<ProcessingRecord, 'parts'> | null, after: Pick<ProcessingRecord, 'parts'>): RecordPartChange[] => {
  const was = tally(before);
  const now = tally(after);
  const changes: RecordPartChange[] = [];
  for (const [key, n] of now) {
    const delta = n.quantity - (was.get(key)?.quantity ?? 0);
    if (delta !== 0) changes.push({ warehouseId: n.warehouseId, partId: n.partId, delta, line: n.line });
  }
  for (const [key, w] of was) if (!now.has(key)) changes.push({ warehouseId: w.warehouseId, partId: w.partId, delta: -w.quantity, line: -1 });
  return changes.sort((a, b) => b.delta - a.delta || a.warehouseId.localeCompare(b.warehouseId) || a.partId.localeCompare(b.partId));
};
