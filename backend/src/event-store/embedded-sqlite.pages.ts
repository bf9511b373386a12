import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { isUnfiltered, type NormalizedFilter } from './all-filter';
import { EVENT_COLUMNS, toRecordedEvent } from './embedded-sqlite.rows';

/** One page of $all: the events found, and how far the log was searched to find them. */
export interface AllPage {
  readonly events: RecordedEvent[];
  /** Every event at or below this position was considered (matched or filtered out). */
  readonly reached: number;
  /** Whether `reached` is the head of the log at the time of the read. */
  readonly atHead: boolean;
}

// ---- Paged reads ----------------------------------------------------------------------------------
//
// node:sqlite blocks the event loop while a statement runs, so no read may touch an unbounded number
// of rows: unfiltered pages are bounded by LIMIT; filtered pages also by a window of positions
// (positions are dense), which bounds the work whichever index SQLite picks (category or type index,
// or the primary key) and gives a checkpoint even when nothing in the window matched. Callers yield
// to the event loop between pages.

export class EventPages {
  private readonly selectHead: StatementSync;
  private readonly selectAll: StatementSync;
  private readonly selectTypes: StatementSync;
  private readonly selectStreamForwards: StatementSync;
  private readonly selectStreamBackwards: StatementSync;
  private readonly filtered = new Map<string, StatementSync>();

  constructor(
    private readonly db: DatabaseSync,
    /** Positions examined at most by one filtered page. */
    private readonly scanWindow: number,
  ) {
    this.selectHead = db.prepare('SELECT max(position) AS head FROM events');
    this.selectAll = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`);
    this.selectTypes = db.prepare('SELECT type FROM event_types');
    this.selectStreamForwards = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
    );
    this.selectStreamBackwards = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    );
  }

  head(): number {
    return Number(this.selectHead.get()?.head ?? 0);
  }

  /** Up to `limit` events after `after` that pass the filter. */
  allPage(after: number, filter: NormalizedFilter, limit: number): AllPage {
    const head = this.head();
    if (head <= after) return { events: [], reached: after, atHead: true };
    if (isUnfiltered(filter)) {
      const events = this.selectAll.all(after, limit).map(toRecordedEvent);
      const reached = events.length === limit ? events[events.length - 1]!.position : head;
      return { events, reached, atHead: reached >= head };
    }
    const windowEnd = Math.min(head, after + this.scanWindow);
    const types = filter.eventTypePrefixes === null ? null : this.typesStartingWith(filter.eventTypePrefixes);
    if (types !== null && types.length === 0) return { events: [], reached: windowEnd, atHead: windowEnd >= head };
    const categories = filter.categories ?? [];
    const statement = this.filteredStatement(categories.length, types?.length ?? 0);
    const events = statement.all(after, windowEnd, ...categories, ...(types ?? []), limit).map(toRecordedEvent);
    const reached = events.length === limit ? events[events.length - 1]!.position : windowEnd;
    return { events, reached, atHead: reached >= head };
  }

  /** Up to `limit` events of a stream from revision `from` (inclusive) in the given direction. */
  streamPage(streamId: string, direction: 'forwards' | 'backwards', from: number, limit: number): RecordedEvent[] {
    const statement = direction === 'forwards' ? this.selectStreamForwards : this.selectStreamBackwards;
    return statement.all(streamId, from, limit).map(toRecordedEvent);
  }

  // The set of types is small (one per kind of business fact), so a prefix becomes an exact IN list
  // that events_by_type serves in position order.
  private typesStartingWith(prefixes: readonly string[]): string[] {
    return this.selectTypes
      .all()
      .map((row) => String(row.type))
      .filter((type) => prefixes.some((prefix) => type.startsWith(prefix)));
  }

  private filteredStatement(categories: number, types: number): StatementSync {
    const key = `${categories}:${types}`;
    let statement = this.filtered.get(key);
    if (!statement) {
      const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');
      const where = ['position > ?', 'position <= ?'];
      if (categories > 0) where.push(`category IN (${list(categories)})`);
      if (types > 0) where.push(`type IN (${list(types)})`);
      statement = this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`);
      // Type lists change as new types appear; keep the cache from growing without bound.
      if (this.filtered.size > 256) this.filtered.clear();
      this.filtered.set(key, statement);
    }
    return statement;
  }
}
