import type { RecordedEvent } from '@kuaige/domain';
import type { Filter, IndexSpec, ReadModelDocument, Update } from './store/read-model-store.port';

// ---- Projection definitions: pure functions from events to read-model changes -------------------

/** A row as a projection sees it: the projector's bookkeeping fields are hidden from it. */
export type Row = ReadModelDocument;

/** Replace one row by what `apply` makes of it (null: the row does not exist or is removed). */
export interface RowChange {
  readonly kind: 'row';
  readonly id: string;
  readonly apply: (row: Row | null) => Row | null;
}

/** Update every row matching `filter` with MongoDB update operators. */
export interface ManyChange {
  readonly kind: 'many';
  readonly filter: Filter;
  readonly update: Update;
}

export type Change = RowChange | ManyChange;

export type ProjectionHandler = (event: RecordedEvent) => Change | readonly Change[] | null | undefined;

export interface Projection {
  readonly name: string;
  /** Raise it when the handlers change meaning: the projector rebuilds the collection (blue-green). */
  readonly version: number;
  readonly collection: string;
  readonly indexes: readonly IndexSpec[];
  readonly handlers: Readonly<Record<string, ProjectionHandler>>;
}

/** Declares a projection; event types without a handler are passed over. */
export const projection = (
  name: string,
  definition: { version: number; collection?: string; indexes?: readonly IndexSpec[]; on: Readonly<Record<string, ProjectionHandler>> },
): Projection => ({
  name,
  version: definition.version,
  collection: definition.collection ?? name,
  indexes: definition.indexes ?? [],
  handlers: definition.on,
});

/** A change of the row with this id; `apply` gets the current row (or null) and returns the next. */
export const row = (id: string, apply: (row: Row | null) => Row | null): RowChange => ({ kind: 'row', id, apply });

/** A change of every row matching the filter. */
export const updateMany = (filter: Filter, update: Update): ManyChange => ({ kind: 'many', filter, update });

/** Fields the projector keeps on every row: the last global position applied, and removal. */
export const POSITION_FIELD = '_pos';
export const REMOVED_FIELD = '_removed';
/** Index of the last change applied of the event at `_pos` (an event may change a row more than once). */
export const STEP_FIELD = '_step';

/** Filter that hides removed rows; queries of projected collections combine it under $and. */
export const visibleRows: Filter = { [REMOVED_FIELD]: { $ne: true } };

/** A projected row without the projector's bookkeeping fields, as clients should see it. */
export const publicRow = <T extends Row>(stored: T): T => {
  const { [POSITION_FIELD]: _pos, [REMOVED_FIELD]: _removed, [STEP_FIELD]: _step, ...rest } = stored;
  return rest as T;
};
