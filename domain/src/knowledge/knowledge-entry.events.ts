import type { DomainEvent } from '../event-sourcing/event';
import type { DeviceType, FaultType } from '../maintenance/catalogue';
import type { Party } from '../maintenance/party';

// ---- Events of a knowledge-base entry (stream `KnowledgeEntry-<entryId>`) -------------------------
// A repair plan for one fault type of one device type, owned by the manufacturer or provider that wrote
// it. Every event's data carries `at`, the instant the command was accepted.

export const KNOWLEDGE_STATUSES = ['draft', 'proposed', 'approved', 'rejected', 'published', 'retired'] as const;
export type KnowledgeStatus = (typeof KNOWLEDGE_STATUSES)[number];

/** A picture the author uploaded (`POST /api/v1/blobs`); the bytes never enter the event log. */
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

/** What an entry says: the fault it is about and how to repair it. */
export interface KnowledgeContent {
  readonly title: string;
  readonly deviceType: DeviceType;
  readonly faultType: FaultType;
  /** Device models the plan applies to (`VMC-850`); empty: every model of the type. */
  readonly models: readonly string[];
  /** What the user sees: alarms, noises, readings. */
  readonly symptom: string;
  readonly cause: string;
  readonly steps: readonly string[];
  readonly parts: readonly KnowledgePart[];
  readonly tools: readonly string[];
  readonly images: readonly KnowledgeImage[];
}

/** The closed work order an entry was proposed from. */
export interface KnowledgeSource {
  readonly workOrderId: string;
  readonly number: string;
}

export type KnowledgeEntryDrafted = DomainEvent<
  'KnowledgeEntryDrafted',
  {
    entryId: string;
    /** The enterprise that owns the entry: its people edit it. */
    ownerId: string;
    authorId: string;
    /** Enterprises whose people review it: the owner, or the work order's manufacturer and provider. */
    reviewerIds: readonly string[];
    content: KnowledgeContent;
    source: KnowledgeSource | null;
    at: string;
  }
>;
export type KnowledgeEntryRevised = DomainEvent<'KnowledgeEntryRevised', { content: KnowledgeContent; by: Party; at: string }>;
export type KnowledgeEntryProposed = DomainEvent<'KnowledgeEntryProposed', { by: Party; at: string }>;
export type KnowledgeEntryApproved = DomainEvent<'KnowledgeEntryApproved', { by: Party; opinion: string; at: string }>;
export type KnowledgeEntryRejected = DomainEvent<'KnowledgeEntryRejected', { by: Party; reason: string; at: string }>;
export type KnowledgeEntryPublished = DomainEvent<'KnowledgeEntryPublished', { by: Party; at: string }>;
export type KnowledgeEntryRetired = DomainEvent<'KnowledgeEntryRetired', { by: Party; reason: string; at: string }>;

export type KnowledgeEntryEvent =
  | KnowledgeEntryDrafted
  | KnowledgeEntryRevised
  | KnowledgeEntryProposed
  | KnowledgeEntryApproved
  | KnowledgeEntryRejected
  | KnowledgeEntryPublished
  | KnowledgeEntryRetired;

export const knowledgeEntryStream = (entryId: string): string => `KnowledgeEntry-${entryId}`;
