import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { subject as asSubject } from '@casl/ability';
import {
  DEVICE_TYPES,
  FAULT_TYPES,
  knowledgeEntry,
  workOrder,
  workOrderStream,
  type DeviceType,
  type KnowledgeContent,
  type KnowledgeEntryCommand,
  type KnowledgeEntryState,
  type Party,
  type WorkOrder,
} from '@kuaige/domain';
import { publicRow, visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import type { Action } from '@kuaige/tenancy';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { inScope, NotFoundInScope, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { partyOf } from '../../work-orders/application/acting-party';
import { WORK_ORDERS_COLLECTION, type WorkOrderRow } from '../../work-orders/read-models/work-orders.projections';
import { KNOWLEDGE_ENTRIES_COLLECTION, type KnowledgeEntryRow } from './knowledge.projections';
import { searchKnowledge, suggestKnowledge, type KnowledgeHit } from './knowledge-search';

// ---- Knowledge-base queries on the QueryBus ------------------------------------------------------
// Visibility (docs: backend/src/knowledge/README.md): a published entry is read by everyone holding
// knowledge:read in any acting context; an unpublished one only inside its owner and reviewing
// enterprises (the row's scope). Retired entries stay readable to those, not to everyone.

export const KNOWLEDGE_QUEUES = ['review', 'mine'] as const;
export type KnowledgeQueue = (typeof KNOWLEDGE_QUEUES)[number];

export interface KnowledgeListQuery {
  readonly q?: string;
  readonly deviceType?: string;
  readonly faultType?: string;
  readonly status?: string;
  /** review: proposals my enterprise reviews; mine: my enterprise's entries in every status. */
  readonly queue?: KnowledgeQueue;
  readonly page: number;
  readonly pageSize: number;
}

/** What an actor may read: every published entry, and the rows of their own scope. */
export const readableEntries = (actor: Actor): Filter => ({ $or: [{ status: 'published' }, scopedFilter(actor, 'read', 'KnowledgeEntry')] });

const SUMMARY_LENGTH = 120;
const summary = (text: string) => [...text].slice(0, SUMMARY_LENGTH).join('');

const listItem = (hit: KnowledgeHit, names: Record<string, string>) => {
  const r = hit.row;
  return {
    id: r._id,
    title: r.title,
    status: r.status,
    deviceType: r.deviceType,
    faultType: r.faultType,
    models: r.models,
    symptom: summary(r.symptom),
    cause: summary(r.cause),
    ownerId: r.ownerId,
    ownerName: names[r.ownerId] ?? null,
    source: r.source,
    publishedAt: r.publishedAt,
    updatedAt: r.updatedAt,
    score: hit.score,
    matched: hit.matched,
  };
};

const enterpriseNames = async (store: ReadModelStore, ids: readonly string[]): Promise<Record<string, string>> => {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return {};
  const rows = await store.collection('enterprises').find({ $and: [{ _id: { $in: unique } }, visibleRows] });
  return Object.fromEntries(rows.filter((e) => typeof e['name'] === 'string').map((e) => [String(e._id), String(e['name'])]));
};

export class ListKnowledgeEntries extends Query<{ items: ReturnType<typeof listItem>[]; total: number; page: number; pageSize: number }> {
  constructor(
    readonly actor: Actor,
    readonly query: KnowledgeListQuery,
  ) {
    super();
  }
}

@QueryHandler(ListKnowledgeEntries)
export class ListKnowledgeEntriesHandler implements IQueryHandler<ListKnowledgeEntries> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ actor, query }: ListKnowledgeEntries) {
    const parts: Filter[] = [readableEntries(actor)];
    if (query.status) parts.push({ status: query.status });
    if (query.queue === 'review') parts.push({ status: 'proposed', reviewerIds: actor.enterpriseId ?? '' });
    if (query.queue === 'mine') parts.push({ ownerId: actor.enterpriseId ?? '' });
    // Without a queue or status, the base is what is published.
    if (!query.queue && !query.status) parts.push({ status: 'published' });
    const { hits, total } = await searchKnowledge(this.store.collection<KnowledgeEntryRow>(KNOWLEDGE_ENTRIES_COLLECTION), { $and: parts }, {
      ...(query.q ? { q: query.q } : {}),
      ...(query.deviceType ? { deviceType: query.deviceType } : {}),
      ...(query.faultType ? { faultType: query.faultType } : {}),
      skip: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    });
    const names = await enterpriseNames(this.store, hits.map((h) => h.row.ownerId));
    return { items: hits.map((h) => listItem(h, names)), total, page: query.page, pageSize: query.pageSize };
  }
}

/** The steps of an entry and the permission each needs: what the detail offers the caller. */
const ENTRY_STEPS: readonly { step: string; action: Action; command: (by: Party, at: string, content: KnowledgeContent) => KnowledgeEntryCommand }[] = [
  { step: 'revise', action: 'update', command: (by, at, content) => ({ type: 'ReviseKnowledgeEntry', data: { content, by, at } }) },
  { step: 'propose', action: 'update', command: (by, at) => ({ type: 'ProposeKnowledgeEntry', data: { by, at } }) },
  { step: 'approve', action: 'review', command: (by, at) => ({ type: 'ApproveKnowledgeEntry', data: { opinion: '', by, at } }) },
  { step: 'reject', action: 'review', command: (by, at) => ({ type: 'RejectKnowledgeEntry', data: { reason: 'x', by, at } }) },
  { step: 'publish', action: 'review', command: (by, at) => ({ type: 'PublishKnowledgeEntry', data: { by, at } }) },
  { step: 'retire', action: 'review', command: (by, at) => ({ type: 'RetireKnowledgeEntry', data: { reason: 'x', by, at } }) },
];

/** The steps the actor may take on the entry now, as the decider and the permissions rule them. */
export const entrySteps = (actor: Actor, row: KnowledgeEntryRow, state: KnowledgeEntryState, at: string): string[] => {
  if (actor.enterpriseId === null) return [];
  const by = partyOf(actor);
  return ENTRY_STEPS.filter(({ action, command }) => {
    if (!actor.ability.can(action, asSubject('KnowledgeEntry', { ...row }))) return false;
    try {
      knowledgeEntry.decide(command(by, at, state.content!), state);
      return true;
    } catch {
      return false;
    }
  }).map((s) => s.step);
};

export class GetKnowledgeEntry extends Query<Record<string, unknown>> {
  constructor(
    readonly actor: Actor,
    readonly entryId: string,
  ) {
    super();
  }
}

@QueryHandler(GetKnowledgeEntry)
export class GetKnowledgeEntryHandler implements IQueryHandler<GetKnowledgeEntry> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly streams: AggregateStreams,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, entryId }: GetKnowledgeEntry): Promise<Record<string, unknown>> {
    const found = await this.store.collection<KnowledgeEntryRow>(KNOWLEDGE_ENTRIES_COLLECTION).findOne({ $and: [{ _id: entryId }, visibleRows, readableEntries(actor)] });
    if (!found) throw new NotFoundInScope('KnowledgeEntry');
    const { _id, scope: _scope, tokens: _tokens, titleTokens: _titleTokens, ...row } = publicRow(found);
    const { state } = await this.streams.load(`KnowledgeEntry-${entryId}`, knowledgeEntry);
    const names = await enterpriseNames(this.store, [found.ownerId, ...found.reviewerIds]);
    return { id: _id, ...row, ownerName: names[found.ownerId] ?? null, parties: names, actions: entrySteps(actor, found, state, this.clock.now().toISOString()) };
  }
}

/** The order's row (authorized) and its state from the stream. */
const readableOrder = async (store: ReadModelStore, streams: AggregateStreams, actor: Actor, workOrderId: string): Promise<WorkOrder> => {
  const row = await store.collection<WorkOrderRow>(WORK_ORDERS_COLLECTION).findOne({ $and: [{ _id: workOrderId }, visibleRows] });
  inScope(actor, 'read', 'WorkOrder', row);
  return (await streams.load(workOrderStream(workOrderId), workOrder)).state as WorkOrder;
};

export class GetKnowledgeSuggestions extends Query<{ items: unknown[] }> {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
  ) {
    super();
  }
}

@QueryHandler(GetKnowledgeSuggestions)
export class GetKnowledgeSuggestionsHandler implements IQueryHandler<GetKnowledgeSuggestions> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly streams: AggregateStreams,
  ) {}

  async execute({ actor, workOrderId }: GetKnowledgeSuggestions) {
    const order = await readableOrder(this.store, this.streams, actor, workOrderId);
    const suggestions = await suggestKnowledge(
      this.store.collection<KnowledgeEntryRow>(KNOWLEDGE_ENTRIES_COLLECTION),
      { deviceType: order.device.type, faultType: order.fault.type, model: order.device.model, description: order.fault.description },
      5,
    );
    const names = await enterpriseNames(this.store, suggestions.map((s) => s.row.ownerId));
    return { items: suggestions.map((s) => ({ ...listItem(s, names), reasons: s.reasons, steps: s.row.steps })) };
  }
}

export class GetKnowledgeDraftFromWorkOrder extends Query<KnowledgeContent & { workOrderId: string; number: string }> {
  constructor(
    readonly actor: Actor,
    readonly workOrderId: string,
  ) {
    super();
  }
}

/** A proposal prefilled from the order: its device and fault, and what its processing records say. */
@QueryHandler(GetKnowledgeDraftFromWorkOrder)
export class GetKnowledgeDraftFromWorkOrderHandler implements IQueryHandler<GetKnowledgeDraftFromWorkOrder> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly streams: AggregateStreams,
  ) {}

  async execute({ actor, workOrderId }: GetKnowledgeDraftFromWorkOrder) {
    const order = await readableOrder(this.store, this.streams, actor, workOrderId);
    const records = order.records;
    const parts = new Map<string, { name: string; quantity: number; unit: string }>();
    for (const p of records.flatMap((r) => r.parts)) {
      const key = `${p.name}\u0000${p.unit}`;
      const seen = parts.get(key);
      parts.set(key, { name: p.name, unit: p.unit, quantity: (seen?.quantity ?? 0) + p.quantity });
    }
    const type = order.device.type as DeviceType;
    return {
      workOrderId,
      number: order.number,
      title: `${DEVICE_TYPES[type]['zh-CN']}${FAULT_TYPES[order.fault.type]['zh-CN']}：${[...order.fault.description].slice(0, 30).join('')}`,
      deviceType: type,
      faultType: order.fault.type,
      models: order.device.model ? [order.device.model] : [],
      symptom: order.fault.description,
      cause: records.map((r) => r.cause).filter(Boolean).join('；'),
      steps: records.flatMap((r) => r.steps.split(/\r?\n/)).map((s) => s.trim()).filter(Boolean),
      parts: [...parts.values()],
      tools: [...new Set(records.flatMap((r) => r.tools))],
      images: [],
    };
  }
}

export class GetKnowledgeCatalogue extends Query<unknown> {}

/** Fault types per device type, with how many published entries each has. */
@QueryHandler(GetKnowledgeCatalogue)
export class GetKnowledgeCatalogueHandler implements IQueryHandler<GetKnowledgeCatalogue> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute() {
    const counts = await this.store
      .collection(KNOWLEDGE_ENTRIES_COLLECTION)
      .aggregate([{ $match: { $and: [visibleRows, { status: 'published' }] } }, { $group: { _id: { deviceType: '$deviceType', faultType: '$faultType' }, entries: { $sum: 1 } } }]);
    const count = (deviceType: string, faultType: string) =>
      Number(counts.find((c) => (c['_id'] as { deviceType: string; faultType: string }).deviceType === deviceType && (c['_id'] as { faultType: string }).faultType === faultType)?.['entries'] ?? 0);
    return {
      deviceTypes: Object.entries(DEVICE_TYPES).map(([code, label]) => ({
        code,
        label,
        faultTypes: Object.entries(FAULT_TYPES).map(([fault, faultLabel]) => ({ code: fault, label: faultLabel, entries: count(code, fault) })),
      })),
    };
  }
}

export const KNOWLEDGE_QUERY_HANDLERS = [ListKnowledgeEntriesHandler, GetKnowledgeEntryHandler, GetKnowledgeSuggestionsHandler, GetKnowledgeDraftFromWorkOrderHandler, GetKnowledgeCatalogueHandler];
