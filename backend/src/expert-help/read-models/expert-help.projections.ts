import type { CertificationEvent, ExpertHelpEvent, ExpertHelpStatus, ExpertProfileEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, type Projection, type Row } from '@kuaige/projections';
import { applicationOf } from '../../certification/read-models/certification.projections';

// ---- Read models of expert help ------------------------------------------------------------------
// `experts` is the directory engineers search (certification, the expert's terms, workload, ratings);
// `expert_helps` one row per help, filed under the work order's scope (the help's events carry it in
// their metadata), read by its two parties and by whoever may read the order; `expert_chat_messages`
// one row per message; `expert_help_files` which help references which uploaded file.

export const EXPERTS_COLLECTION = 'experts';
export const EXPERT_HELPS_COLLECTION = 'expert_helps';
export const EXPERT_CHAT_MESSAGES_COLLECTION = 'expert_chat_messages';
export const EXPERT_HELP_FILES_COLLECTION = 'expert_help_files';

type Scope = { readonly tenants: readonly string[]; readonly regions: readonly string[] };

export interface ExpertRow extends Row {
  readonly _id: string;
  readonly scope: Scope;
  readonly certified: boolean;
  readonly fields: readonly string[];
  readonly years: number;
  readonly countyCode: string;
  readonly certifiedSince: string | null;
  readonly tariffFen: number | null;
  readonly available: boolean;
  readonly bio: string;
  /** Helps requested or accepted and not yet closed or declined. */
  readonly openHelps: number;
  readonly closedHelps: number;
  readonly ratingSum: number;
  readonly ratingCount: number;
  /** Average of the ratings, two decimals; null before the first. */
  readonly rating: number | null;
  /** `rating ?? 0`, so that sorting by rating runs on one scalar with unrated experts last. */
  readonly ratingRank: number;
  readonly updatedAt: string;
}

export interface ExpertHelpRow extends Row {
  readonly _id: string;
  readonly scope: Scope;
  readonly workOrderId: string;
  readonly engineerId: string;
  readonly providerId: string;
  readonly expertId: string;
  readonly fieldCode: string;
  readonly feeFen: number;
  readonly question: string;
  readonly attachmentBlobIds: readonly string[];
  readonly status: ExpertHelpStatus;
  readonly requestedAt: string;
  readonly acceptedAt: string | null;
  readonly declinedAt: string | null;
  readonly declineReason: string | null;
  readonly closedAt: string | null;
  /** Month of closing in China time (`2026-12`): earnings are counted per month. */
  readonly closedMonth: string | null;
  readonly summary: string | null;
  readonly rating: { readonly score: number; readonly comment: string; readonly at: string } | null;
  readonly messageCount: number;
  readonly lastMessageAt: string | null;
  /** How far each party read: the seq of the last message read (0: none). */
  readonly readUpTo: { readonly engineer: number; readonly expert: number };
  readonly updatedAt: string;
}

export interface ExpertChatMessageRow extends Row {
  readonly _id: string;
  readonly scope: Scope;
  readonly helpId: string;
  readonly seq: number;
  readonly authorId: string;
  readonly text: string | null;
  readonly imageBlobIds: readonly string[];
  readonly postedAt: string;
}

export interface ExpertHelpFileRow extends Row {
  readonly _id: string;
  readonly scope: Scope;
  readonly blobId: string;
  readonly helpId: string;
}

const helpIdOf = (e: RecordedEvent): string => e.streamId.slice(e.streamId.indexOf('-') + 1);
const scopeOf = (e: RecordedEvent): Scope => ({ tenants: [...e.metadata.tenantIds], regions: [...e.metadata.jurisdiction] });

/** The calendar month in China (UTC+8) of an instant. */
export const chinaMonthOf = (at: string): string => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 7);

// ---- experts ---------------------------------------------------------------------------------------

type ExpertsEvent = CertificationEvent | ExpertProfileEvent | ExpertHelpEvent;

const blankExpert = (id: string, at: string): ExpertRow => ({
  _id: id,
  scope: { tenants: [], regions: [] },
  certified: false,
  fields: [],
  years: 0,
  countyCode: '',
  certifiedSince: null,
  tariffFen: null,
  available: false,
  bio: '',
  openHelps: 0,
  closedHelps: 0,
  ratingSum: 0,
  ratingCount: 0,
  rating: null,
  ratingRank: 0,
  updatedAt: at,
});

const expert = (id: string, at: string, apply: (r: ExpertRow) => Partial<ExpertRow>) =>
  row<ExpertRow>(id, (current) => {
    const base = current ?? blankExpert(id, at);
    return { ...base, ...apply(base), updatedAt: at };
  });

/** Only the expert kind of certification streams feeds the directory. */
const expertApplication = (e: RecordedEvent) => {
  const { kind, userId } = applicationOf(e.streamId);
  return kind === 'expert' ? userId : null;
};

// Until approved, an application's skills wait in `pending*` fields: a held certification keeps the
// fields it was approved with (a resubmission cannot happen while approved; the decider refuses it).
const applied = (e: RecordedEvent<Extract<CertificationEvent, { type: 'CertificationApplied' | 'CertificationResubmitted' }>>) => {
  const id = expertApplication(e);
  if (id === null) return null;
  return expert(id, e.data.at, () => ({ pendingFields: [...e.data.skills], pendingYears: e.data.years, pendingCounty: e.data.countyCode, pendingRegions: [...e.data.jurisdiction] }));
};

const rated = (sum: number, count: number) => (count === 0 ? null : Math.round((sum / count) * 100) / 100);

export const expertsProjection = projection<ExpertsEvent, ExpertRow>(EXPERTS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_rating', key: { certified: 1, ratingRank: -1 } },
    { name: 'by_tariff', key: { certified: 1, tariffFen: 1 } },
  ],
  on: {
    CertificationApplied: applied,
    CertificationResubmitted: applied,
    CertificationApproved: (e) => {
      const id = expertApplication(e);
      if (id === null) return null;
      return expert(id, e.data.at, (r) => {
        const p = r as ExpertRow & { pendingFields?: string[]; pendingYears?: number; pendingCounty?: string; pendingRegions?: string[] };
        return {
          certified: true,
          certifiedSince: e.data.at,
          fields: p.pendingFields ?? r.fields,
          years: p.pendingYears ?? r.years,
          countyCode: p.pendingCounty ?? r.countyCode,
          scope: { tenants: [], regions: p.pendingRegions ?? r.scope.regions },
        };
      });
    },
    CertificationRejected: () => null,
    CertificationRevoked: (e) => {
      const id = expertApplication(e);
      return id === null ? null : expert(id, e.data.at, () => ({ certified: false, certifiedSince: null }));
    },
    ExpertProfileSet: (e) => expert(e.data.expertId, e.data.at, () => ({ tariffFen: e.data.tariffFen, available: e.data.available, bio: e.data.bio })),
    ExpertHelpRequested: (e) => expert(e.data.expertId, e.data.at, (r) => ({ openHelps: r.openHelps + 1 })),
    ExpertHelpDeclined: (e) => expert(e.data.expertId, e.data.at, (r) => ({ openHelps: Math.max(0, r.openHelps - 1) })),
    ExpertHelpClosed: (e) => expert(e.data.expertId, e.data.at, (r) => ({ openHelps: Math.max(0, r.openHelps - 1), closedHelps: r.closedHelps + 1 })),
    ExpertRated: (e) =>
      expert(e.data.expertId, e.data.at, (r) => {
        const ratingSum = r.ratingSum + e.data.score;
        const ratingCount = r.ratingCount + 1;
        const rating = rated(ratingSum, ratingCount);
        return { ratingSum, ratingCount, rating, ratingRank: rating ?? 0 };
      }),
  },
});

// ---- expert_helps ------------------------------------------------------------------------------------

const help = (e: RecordedEvent<ExpertHelpEvent>, apply: (r: ExpertHelpRow) => Partial<ExpertHelpRow>) =>
  row<ExpertHelpRow>(helpIdOf(e), (current) => (current ? { ...current, ...apply(current), updatedAt: e.data.at } : null));

export const expertHelpsProjection = projection<ExpertHelpEvent, ExpertHelpRow>(EXPERT_HELPS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_expert', key: { expertId: 1, requestedAt: -1 } },
    { name: 'by_engineer', key: { engineerId: 1, requestedAt: -1 } },
    { name: 'by_work_order', key: { workOrderId: 1, requestedAt: -1 } },
  ],
  on: {
    ExpertHelpRequested: (e) =>
      row<ExpertHelpRow>(e.data.helpId, () => ({
        _id: e.data.helpId,
        scope: scopeOf(e),
        workOrderId: e.data.workOrderId,
        engineerId: e.data.engineerId,
        providerId: e.data.providerId,
        expertId: e.data.expertId,
        fieldCode: e.data.fieldCode,
        feeFen: e.data.feeFen,
        question: e.data.question,
        attachmentBlobIds: [...e.data.attachmentBlobIds],
        status: 'requested',
        requestedAt: e.data.at,
        acceptedAt: null,
        declinedAt: null,
        declineReason: null,
        closedAt: null,
        closedMonth: null,
        summary: null,
        rating: null,
        messageCount: 0,
        lastMessageAt: null,
        readUpTo: { engineer: 0, expert: 0 },
        updatedAt: e.data.at,
      })),
    ExpertHelpAccepted: (e) => help(e, () => ({ status: 'accepted', acceptedAt: e.data.at })),
    ExpertHelpDeclined: (e) => help(e, () => ({ status: 'declined', declinedAt: e.data.at, declineReason: e.data.reason })),
    ExpertChatMessagePosted: (e) => help(e, (r) => ({ messageCount: Math.max(r.messageCount, e.data.seq), lastMessageAt: e.data.at })),
    ExpertChatRead: (e) =>
      help(e, (r) => ({ readUpTo: e.data.readerId === r.expertId ? { ...r.readUpTo, expert: e.data.upToSeq } : { ...r.readUpTo, engineer: e.data.upToSeq } })),
    ExpertHelpClosed: (e) => help(e, () => ({ status: 'closed', closedAt: e.data.at, closedMonth: chinaMonthOf(e.data.at), summary: e.data.summary })),
    ExpertRated: (e) => help(e, () => ({ rating: { score: e.data.score, comment: e.data.comment, at: e.data.at } })),
  },
});

// ---- expert_chat_messages ---------------------------------------------------------------------------

export const messageRowId = (helpId: string, seq: number): string => `${helpId}/${String(seq).padStart(6, '0')}`;

export const expertChatMessagesProjection = projection<ExpertHelpEvent, ExpertChatMessageRow>(EXPERT_CHAT_MESSAGES_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [{ name: 'by_help_seq', key: { helpId: 1, seq: 1 } }],
  on: {
    ExpertChatMessagePosted: (e) =>
      row<ExpertChatMessageRow>(messageRowId(e.data.helpId, e.data.seq), () => ({
        _id: messageRowId(e.data.helpId, e.data.seq),
        scope: scopeOf(e),
        helpId: e.data.helpId,
        messageId: e.data.messageId,
        seq: e.data.seq,
        authorId: e.data.authorId,
        text: e.data.text ?? null,
        imageBlobIds: [...(e.data.imageBlobIds ?? [])],
        postedAt: e.data.at,
      })),
  },
});

// ---- expert_help_files ------------------------------------------------------------------------------

const files = (e: RecordedEvent, helpId: string, blobIds: readonly string[]) =>
  blobIds.map((blobId) => row<ExpertHelpFileRow>(`${blobId}/${helpId}`, () => ({ _id: `${blobId}/${helpId}`, scope: scopeOf(e), blobId, helpId })));

export const expertHelpFilesProjection = projection<ExpertHelpEvent, ExpertHelpFileRow>(EXPERT_HELP_FILES_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [{ name: 'by_blob', key: { blobId: 1 } }],
  on: {
    ExpertHelpRequested: (e) => files(e, e.data.helpId, e.data.attachmentBlobIds),
    ExpertChatMessagePosted: (e) => files(e, e.data.helpId, e.data.imageBlobIds ?? []),
  },
});

/** The read models of expert help, registered in PRODUCT_PROJECTIONS. */
export const EXPERT_HELP_PROJECTIONS: readonly Projection[] = [expertsProjection, expertHelpsProjection, expertChatMessagesProjection, expertHelpFilesProjection];
