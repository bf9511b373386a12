import type { SQLOutputValue } from 'node:sqlite';
import type { EventMetadata } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';

/** Columns selected for a RecordedEvent, in the order toRecordedEvent reads them. */
export const EVENT_COLUMNS = 'position, stream_id, revision, type, event_id, recorded_at, hash, metadata, data';

type Row = Record<string, SQLOutputValue>;

/** The file was changed by something other than this store (or is corrupt): say where. */
export class CorruptEventRowError extends Error {
  constructor(column: string, row: Row) {
    super(`event row at position ${String(row.position)} has an invalid ${column}; the store file was modified outside the store`);
    this.name = 'CorruptEventRowError';
  }
}

const text = (row: Row, column: string): string => {
  const value = row[column];
  if (typeof value !== 'string') throw new CorruptEventRowError(column, row);
  return value;
};

const integer = (row: Row, column: string): number => {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new CorruptEventRowError(column, row);
  return value;
};

const json = (row: Row, column: string): unknown => {
  try {
    return JSON.parse(text(row, column));
  } catch (e) {
    if (e instanceof CorruptEventRowError) throw e;
    throw new CorruptEventRowError(column, row);
  }
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Maps a row of EVENT_COLUMNS to the port's RecordedEvent. */
export function toRecordedEvent(row: Row): RecordedEvent {
  const data = json(row, 'data');
  const metadata = json(row, 'metadata');
  if (!isRecord(data)) throw new CorruptEventRowError('data', row);
  if (!isRecord(metadata)) throw new CorruptEventRowError('metadata', row);
  return {
    eventId: text(row, 'event_id'),
    streamId: text(row, 'stream_id'),
    revision: integer(row, 'revision'),
    position: integer(row, 'position'),
    type: text(row, 'type'),
    data,
    // Written by this store from an EventMetadata and covered by the hash chain; not re-validated per read.
    metadata: metadata as unknown as EventMetadata,
    recordedAt: text(row, 'recorded_at'),
    hash: text(row, 'hash'),
  };
}
