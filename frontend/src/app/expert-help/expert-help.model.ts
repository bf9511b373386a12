/** Shapes of the expert-help API (backend/src/expert-help/README.md). Money is integer fen. */
export type HelpStatus = 'requested' | 'accepted' | 'declined' | 'closed';

export interface ExpertHelp {
  readonly id: string;
  readonly workOrderId: string;
  readonly engineerId: string;
  readonly engineerName: string | null;
  readonly providerId: string;
  readonly expertId: string;
  readonly expertName: string | null;
  readonly fieldCode: string;
  readonly feeFen: number;
  readonly question: string;
  readonly attachmentBlobIds: readonly string[];
  readonly status: HelpStatus;
  readonly requestedAt: string;
  readonly acceptedAt: string | null;
  readonly declinedAt: string | null;
  readonly declineReason: string | null;
  readonly closedAt: string | null;
  readonly summary: string | null;
  readonly rating: { readonly score: number; readonly comment: string; readonly at: string } | null;
  readonly messageCount: number;
  readonly readUpTo: { readonly engineer: number; readonly expert: number };
}

export interface ChatMessage {
  readonly messageId: string;
  readonly seq: number;
  readonly authorId: string;
  readonly text: string | null;
  readonly imageBlobIds: readonly string[];
  readonly postedAt: string;
}

export interface Expert {
  readonly id: string;
  readonly name: string | null;
  readonly fields: readonly string[];
  readonly years: number;
  readonly tariffFen: number | null;
  readonly available: boolean;
  readonly bio: string;
  readonly openHelps: number;
  readonly closedHelps: number;
  readonly rating: number | null;
  readonly ratingCount: number;
}

export interface MyExpertProfile extends Expert {
  readonly certified: boolean;
  readonly configured: boolean;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export interface WorkOrderHelp {
  readonly id: string;
  readonly expertId: string;
  readonly expertName: string | null;
  readonly engineerId: string;
  readonly engineerName: string | null;
  readonly fieldCode: string;
  readonly status: HelpStatus;
  readonly requestedAt: string;
  readonly closedAt: string | null;
  readonly summary: string | null;
  readonly feeFen: number | null;
}

export interface Earnings {
  readonly totalFen: number;
  readonly closedHelps: number;
  readonly months: readonly { readonly month: string; readonly feeFen: number; readonly helps: number }[];
  readonly rating: number | null;
  readonly ratingCount: number;
  readonly recentRatings: readonly { readonly helpId: string; readonly score: number; readonly comment: string; readonly at: string; readonly engineerName: string | null }[];
}

export interface ExpertQuery {
  readonly field?: string;
  readonly maxFeeFen?: number;
  readonly minRating?: number;
  readonly available?: boolean;
  readonly sort?: 'rating' | 'fee' | 'experience' | 'workload';
  readonly page?: number;
  readonly pageSize?: number;
}

/** ¥ with two decimals from integer fen; never through floating-point sums. */
export const yuan = (fen: number | null | undefined): string => {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}¥${Math.floor(abs / 100).toLocaleString('zh-CN')}.${String(abs % 100).padStart(2, '0')}`;
};

/** Whole yuan typed in a form → fen. */
export const fenOf = (yuanText: string): number | null => {
  const m = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(yuanText.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
};
