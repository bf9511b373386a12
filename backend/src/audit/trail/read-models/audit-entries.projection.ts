import type { AccountLockedOutEvent, DomainEvent, LoginFailed, LoginSucceeded, SecurityEvent, SessionEnded } from '@kuaige/domain';
import { categoryOf, type RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, type Projection, type ProjectionHandler, type Row } from '@kuaige/projections';

// ---- audit_entries: one row per event of the whole log, scoped like the entity it is about -------
//
// Every event is an audit entry, so the projection handles every type: the typed handlers below are
// the events whose outcome or summary the auditor needs spelt out; all others get the generic row.
// Scope (ADR 0011): tenants and jurisdiction come from the event's metadata, which the handlers set
// from the aggregate (an enterprise's streams carry the enterprise and its county's ancestors). Events
// without a jurisdiction (accounts are nobody's tenant data) fall to the national level, 'CN'.

export const AUDIT_ENTRIES_COLLECTION = 'audit_entries';

export type AuditResult = 'success' | 'denied' | 'failure';

/** What an entry says (the row without its key and scope). */
export interface AuditEntryFields {
  readonly position: number;
  readonly revision: number;
  /** When it happened (the command's time), ISO 8601. */
  readonly at: string;
  readonly type: string;
  readonly stream: string;
  readonly category: string;
  readonly actor: string | null;
  readonly enterpriseId: string | null;
  readonly nodeId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly result: AuditResult;
  /** One line for the list, for events whose type alone does not say enough. */
  readonly summary: string | null;
  readonly correlationId: string;
}

/**
 * The stored row: as AuditEntryFields, but fields that are null (most events have no node, no summary,
 * many no user agent) are left out — at a million rows and more, every absent field counts.
 */
export type AuditEntryRow = Row &
  Omit<AuditEntryFields, OptionalField> &
  Partial<Pick<AuditEntryFields, OptionalField>> & {
    /** The event id. */
    readonly _id: string;
    readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
  };

type OptionalField = 'actor' | 'enterpriseId' | 'nodeId' | 'ip' | 'userAgent' | 'summary';
const OPTIONAL_FIELDS: readonly OptionalField[] = ['actor', 'enterpriseId', 'nodeId', 'ip', 'userAgent', 'summary'];

/** The fields of a stored row, its absent ones null again. */
export const fieldsOf = (row: AuditEntryRow): AuditEntryFields => {
  const fields = { ...row } as Record<string, unknown>;
  for (const field of OPTIONAL_FIELDS) fields[field] ??= null;
  return fields as unknown as AuditEntryFields;
};

const NATIONAL = 'CN';

type Detail = Partial<Pick<AuditEntryRow, 'result' | 'summary' | 'userAgent'>>;

export const entryOf = <E extends DomainEvent>(event: RecordedEvent<E>, detail: Detail = {}): AuditEntryRow => {
  const metadata = event.metadata;
  const actor = metadata?.actor;
  const regions = metadata?.jurisdiction?.length ? [...metadata.jurisdiction] : [NATIONAL];
  const data = event.data as { userAgent?: unknown };
  const entry = {
    _id: event.eventId,
    position: event.position,
    revision: event.revision,
    at: metadata?.occurredAt ?? event.recordedAt,
    type: event.type,
    stream: event.streamId,
    category: categoryOf(event.streamId),
    actor: actor?.userId || null,
    enterpriseId: actor?.enterpriseId ?? null,
    nodeId: actor?.operatorNodeId ?? null,
    ip: actor?.ip || metadata?.origin?.ip || null,
    userAgent: detail.userAgent ?? (typeof data?.userAgent === 'string' ? data.userAgent : (metadata?.origin?.userAgent ?? null)),
    result: detail.result ?? 'success',
    summary: detail.summary ?? null,
    correlationId: metadata?.correlationId ?? '',
    scope: { tenants: [...(metadata?.tenantIds ?? [])], regions },
  };
  for (const field of OPTIONAL_FIELDS) if (entry[field] === null) delete (entry as Partial<typeof entry>)[field];
  return entry as AuditEntryRow;
};

const put = <E extends DomainEvent>(event: RecordedEvent<E>, detail: Detail = {}) =>
  row<AuditEntryRow>(event.eventId, () => entryOf(event, detail));

/** The events given a summary of their own. */
export type AuditedEvent = SecurityEvent | LoginFailed | AccountLockedOutEvent | LoginSucceeded | SessionEnded;

const typed = projection<AuditedEvent, AuditEntryRow>(AUDIT_ENTRIES_COLLECTION, {
  version: 2,
  scoped: true,
  indexes: [
    { name: 'position', key: { position: -1 } },
    { name: 'actor', key: { actor: 1, position: -1 } },
    { name: 'type', key: { type: 1, position: -1 } },
    { name: 'stream', key: { stream: 1, position: 1 } },
    { name: 'category', key: { category: 1, position: -1 } },
    { name: 'enterprise', key: { enterpriseId: 1, position: -1 } },
    { name: 'node', key: { nodeId: 1, position: -1 } },
  ],
  on: {
    AccessDenied: (e) => put(e, { result: 'denied', summary: `${e.data.method} ${e.data.route} → ${e.data.status} ${e.data.rule}` }),
    AuthenticationRefused: (e) => put(e, { result: 'denied', summary: `${e.data.method} ${e.data.route} → 401 ${e.data.rule}` }),
    SensitiveDataRead: (e) => put(e, { summary: `${e.data.resource}: ${e.data.fields.join(', ')}` }),
    DataExported: (e) => put(e, { summary: `${e.data.resource} (${e.data.format}${e.data.rows === null ? '' : `, ${e.data.rows}`})` }),
    OperationsActionPerformed: (e) => put(e, { summary: `${e.data.method} ${e.data.route} → ${e.data.status}` }),
    LoginFailed: (e) => put(e, { result: 'failure', summary: e.data.reason }),
    AccountLockedOut: (e) => put(e, { result: 'failure', summary: `until ${e.data.until}` }),
    LoginSucceeded: (e) => put(e, { summary: e.data.method }),
    SessionEnded: (e) => put(e, { summary: e.data.reason }),
  },
});

/**
 * The handler map answering every event type: its own handler where the typed map has one, else the
 * generic entry. A proxy, because the set of event types is open (every feature adds its own) and
 * the projector looks handlers up by the recorded type only.
 */
const everyEvent = (handlers: Projection['handlers'], fallback: ProjectionHandler<DomainEvent, AuditEntryRow>): Projection['handlers'] =>
  new Proxy(handlers, {
    // Event types are PascalCase; anything else (toJSON, then ...) is not an event and gets nothing.
    get: (target, key) =>
      typeof key === 'string' && /^[A-Z]/.test(key) ? (target[key] ?? (fallback as unknown as ProjectionHandler)) : undefined,
  });

export const auditEntriesProjection: Projection = { ...typed, handlers: everyEvent(typed.handlers, (e) => put(e)) };
