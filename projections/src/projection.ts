import type { DomainEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import type { Filter, IndexSpec, ReadModelDocument, Update } from './store/read-model-store.port';

// ---- Projection definitions: pure functions from events to read-model changes -------------------

/** A row as a projection sees it: the projector's bookkeeping fields are hidden from it. */
export type Row = ReadModelDocument;

/** Replace one row by what `apply` makes of it (null: the row does not exist or is removed). */
export interface RowChange<R extends Row = Row> {
  readonly kind: 'row';
  readonly id: string;
  readonly apply: (row: R | null) => R | null;
}

/** Update every row matching `filter` with MongoDB update operators. */
export interface ManyChange {
  readonly kind: 'many';
  readonly filter: Filter;
  readonly update: Update;
}

export type Change<R extends Row = Row> = RowChange<R> | ManyChange;

/** What a handler returns: no change, one, or several (applied in order). */
export type Changes<R extends Row = Row> = Change<R> | readonly Change<R>[] | null | undefined;

/** Handles one recorded event; `E` narrows it to the event type the handler is registered for. */
export type ProjectionHandler<E extends DomainEvent = DomainEvent, R extends Row = Row> = (event: RecordedEvent<E>) => Changes<R>;

/**
 * The handler map of a projection over the event union `E`: keyed by `E['type']`, each handler gets the
 * event narrowed to its type. An unknown key is an excess property, so a renamed event breaks the build.
 */
export type ProjectionHandlers<E extends DomainEvent, R extends Row = Row> = [E] extends [never]
  ? { readonly [type: string]: never } // no event union given: a mapped type over never would accept any key
  : { readonly [T in E['type']]?: ProjectionHandler<Extract<E, { type: T }>, R> };

declare const eventsOf: unique symbol;

export interface Projection<E extends DomainEvent = DomainEvent> {
  readonly name: string;
  /** Raise it when the handlers change meaning: the projector rebuilds the collection (blue-green). */
  readonly version: number;
  readonly collection: string;
  readonly indexes: readonly IndexSpec[];
  /** Rows carry `scope`: the store adds indexes leading with `scope.tenants` and `scope.regions` (ADR 0011). */
  readonly scoped?: boolean;
  /** Row fields that hold arrays: a scope-leading index does not continue with them (see ProjectionDefinition). */
  readonly arrayFields?: readonly string[];
  /**
   * The handlers as the projector calls them: by the recorded event's type. The projector only hands a
   * handler events of its key's type (upcast to the current shape), which is what makes the erasure safe.
   */
  readonly handlers: Readonly<Record<string, ProjectionHandler | undefined>>;
  /** Never set: carries the event union to typed helpers (the projection spec kit). */
  readonly [eventsOf]?: E;
}

export interface ProjectionDefinition<E extends DomainEvent, R extends Row = Row> {
  readonly version: number;
  readonly collection?: string;
  readonly indexes?: readonly IndexSpec[];
  /**
   * Rows carry `scope: { tenants, regions }` and are read through row-level filters: the store creates,
   * besides `indexes`, ones leading with each scope key and continuing with each declared index's keys
   * (`withScopeIndexes`). A declared key that holds arrays must be named in `arrayFields`.
   */
  readonly scoped?: boolean;
  /**
   * Fields of the rows whose values are arrays (search tokens, a category path). One compound index may
   * hold only one array field — MongoDB refuses a document with "parallel arrays", and so does the
   * embedded store — and `scope.tenants`/`scope.regions` are arrays already, so a declared index with
   * one of these fields gets no scope-leading twin: a scoped query using it filters the scope after it.
   */
  readonly arrayFields?: readonly string[];
  readonly on: ProjectionHandlers<E, R>;
}

/**
 * Declares a projection over the event union `E` (given explicitly: without it no handler key is
 * allowed); event types without a handler are passed over. `R` optionally types the rows.
 */
export const projection = <E extends DomainEvent = never, R extends Row = Row>(
  name: string,
  definition: ProjectionDefinition<E, R>,
): Projection<E> => ({
  name,
  version: definition.version,
  collection: definition.collection ?? name,
  indexes: definition.indexes ?? [],
  ...(definition.scoped ? { scoped: true } : {}),
  ...(definition.arrayFields?.length ? { arrayFields: definition.arrayFields } : {}),
  // Erased to the projector's view: see Projection.handlers.
  handlers: definition.on as unknown as Readonly<Record<string, ProjectionHandler | undefined>>,
});

/** A change of the row with this id; `apply` gets the current row (or null) and returns the next. */
export const row = <R extends Row = Row>(id: string, apply: (row: R | null) => NoInfer<R> | null): RowChange<R> => ({ kind: 'row', id, apply });

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
