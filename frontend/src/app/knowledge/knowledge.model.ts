// Shapes of the knowledge-base API (/api/v1/knowledge, backend/src/knowledge).

export type KnowledgeStatus = 'draft' | 'proposed' | 'approved' | 'rejected' | 'published' | 'retired';
export const KNOWLEDGE_STATUSES: readonly KnowledgeStatus[] = ['draft', 'proposed', 'approved', 'rejected', 'published', 'retired'];
export type KnowledgeAction = 'revise' | 'propose' | 'approve' | 'reject' | 'publish' | 'retire';

export interface KnowledgeImage {
  readonly blobId: string;
  readonly mediaType: string;
  readonly size: number;
}

export interface KnowledgePart {
  readonly name: string;
  readonly quantity: number;
  readonly unit: string;
}

export interface KnowledgeContent {
  readonly title: string;
  readonly deviceType: string;
  readonly faultType: string;
  readonly models: readonly string[];
  readonly symptom: string;
  readonly cause: string;
  readonly steps: readonly string[];
  readonly parts: readonly KnowledgePart[];
  readonly tools: readonly string[];
  readonly images: readonly KnowledgeImage[];
}

export interface KnowledgeListItem {
  readonly id: string;
  readonly title: string;
  readonly status: KnowledgeStatus;
  readonly deviceType: string;
  readonly faultType: string;
  readonly models: readonly string[];
  readonly symptom: string;
  readonly cause: string;
  readonly ownerId: string;
  readonly ownerName: string | null;
  readonly source: { readonly workOrderId: string; readonly number: string } | null;
  readonly publishedAt: string | null;
  readonly updatedAt: string;
  readonly score: number;
  /** The query's terms the entry holds: what to highlight. */
  readonly matched: readonly string[];
}

export interface KnowledgeEntry extends KnowledgeContent {
  readonly id: string;
  readonly status: KnowledgeStatus;
  readonly ownerId: string;
  readonly ownerName: string | null;
  readonly authorId: string;
  readonly reviewerIds: readonly string[];
  readonly source: { readonly workOrderId: string; readonly number: string } | null;
  readonly review: { readonly by: string; readonly decision: 'approved' | 'rejected'; readonly opinion: string; readonly at: string } | null;
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly publishedAt: string | null;
  readonly parties: Readonly<Record<string, string>>;
  readonly actions: readonly KnowledgeAction[];
}

export interface KnowledgeQuery {
  readonly q: string;
  readonly deviceType: string;
  readonly faultType: string;
  readonly status: string;
  readonly queue: '' | 'review' | 'mine';
  readonly page: number;
  readonly pageSize: number;
}

export interface KnowledgeSuggestion extends KnowledgeListItem {
  readonly reasons: readonly ('fault-type' | 'model' | 'text')[];
  readonly steps: readonly string[];
}

export interface KnowledgeDraft extends KnowledgeContent {
  readonly workOrderId: string;
  readonly number: string;
}
