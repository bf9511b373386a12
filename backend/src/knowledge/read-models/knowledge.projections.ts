import { DEVICE_TYPES, FAULT_TYPES, searchTokens, type KnowledgeContent, type KnowledgeEntryEvent, type KnowledgeSource, type KnowledgeStatus } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// ---- The knowledge base's read model: one row per entry, with its search tokens -------------------
// Rows are scoped to the owner and the reviewing enterprises (who see drafts and proposals); published
// rows are read by everyone signed in, which the queries add beside the scope filter. `tokens` holds the
// whole entry's search tokens (a multikey index serves `$in` on both adapters), `titleTokens` the
// title's, for ranking.

export const KNOWLEDGE_ENTRIES_COLLECTION = 'knowledge_entries';

export interface KnowledgeEntryRow extends Row, KnowledgeContent {
  readonly _id: string;
  readonly status: KnowledgeStatus;
  readonly ownerId: string;
  readonly authorId: string;
  readonly reviewerIds: readonly string[];
  readonly source: KnowledgeSource | null;
  readonly revision: number;
  readonly review: { readonly by: string; readonly decision: 'approved' | 'rejected'; readonly opinion: string; readonly at: string } | null;
  readonly tokens: readonly string[];
  readonly titleTokens: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly publishedAt: string | null;
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
}

/** The texts an entry is found by: its words, its catalogue labels in both languages, its models and parts. */
export const entryTokens = (c: KnowledgeContent): { tokens: string[]; titleTokens: string[] } => ({
  tokens: searchTokens(
    c.title,
    c.symptom,
    c.cause,
    ...c.steps,
    ...c.models,
    ...c.parts.map((p) => p.name),
    ...c.tools,
    DEVICE_TYPES[c.deviceType]['zh-CN'],
    DEVICE_TYPES[c.deviceType].en,
    FAULT_TYPES[c.faultType]['zh-CN'],
    FAULT_TYPES[c.faultType].en,
  ),
  titleTokens: searchTokens(c.title),
});

const contentOf = (c: KnowledgeContent): KnowledgeContent => ({
  title: c.title,
  deviceType: c.deviceType,
  faultType: c.faultType,
  models: c.models,
  symptom: c.symptom,
  cause: c.cause,
  steps: c.steps,
  parts: c.parts,
  tools: c.tools,
  images: c.images,
});

/** The row of a freshly drafted entry (also what the search contract suite stores). */
export const draftedRow = (d: Extract<KnowledgeEntryEvent, { type: 'KnowledgeEntryDrafted' }>['data']): KnowledgeEntryRow => ({
  _id: d.entryId,
  status: 'draft',
  ownerId: d.ownerId,
  authorId: d.authorId,
  reviewerIds: d.reviewerIds,
  source: d.source,
  revision: 1,
  review: null,
  ...contentOf(d.content),
  ...entryTokens(d.content),
  createdAt: d.at,
  updatedAt: d.at,
  publishedAt: null,
  scope: { tenants: [...new Set([d.ownerId, ...d.reviewerIds])], regions: [] },
});

const idOf = (e: RecordedEvent): string => e.streamId.slice(e.streamId.indexOf('-') + 1);
const userOf = (by: { kind: string; userId?: string }): string => by.userId ?? by.kind;

const change = (e: RecordedEvent<KnowledgeEntryEvent>, apply: (r: KnowledgeEntryRow) => Partial<KnowledgeEntryRow>) =>
  row<KnowledgeEntryRow>(idOf(e), (current) => current && { ...current, ...apply(current), updatedAt: e.data.at });

export const knowledgeEntriesProjection = projection<KnowledgeEntryEvent, KnowledgeEntryRow>(KNOWLEDGE_ENTRIES_COLLECTION, {
  version: 2,
  scoped: true,
  arrayFields: ['tokens'],
  indexes: [
    { name: 'by_tokens', key: { tokens: 1, status: 1 } },
    { name: 'by_type', key: { deviceType: 1, status: 1, publishedAt: -1 } },
    { name: 'by_status', key: { status: 1, updatedAt: -1 } },
  ],
  on: {
    KnowledgeEntryDrafted: (e) => row<KnowledgeEntryRow>(e.data.entryId, () => draftedRow(e.data)),
    KnowledgeEntryRevised: (e) => change(e, (r) => ({ status: 'draft', revision: r.revision + 1, ...contentOf(e.data.content), ...entryTokens(e.data.content) })),
    KnowledgeEntryProposed: (e) => change(e, () => ({ status: 'proposed' })),
    KnowledgeEntryApproved: (e) => change(e, () => ({ status: 'approved', review: { by: userOf(e.data.by), decision: 'approved', opinion: e.data.opinion, at: e.data.at } })),
    KnowledgeEntryRejected: (e) => change(e, () => ({ status: 'rejected', review: { by: userOf(e.data.by), decision: 'rejected', opinion: e.data.reason, at: e.data.at } })),
    KnowledgeEntryPublished: (e) => change(e, () => ({ status: 'published', publishedAt: e.data.at })),
    KnowledgeEntryRetired: (e) => change(e, () => ({ status: 'retired' })),
  },
});

export const KNOWLEDGE_PROJECTIONS: readonly Projection[] = [knowledgeEntriesProjection];
