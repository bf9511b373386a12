// ---- Evaluation reports (CX-1, CX-2): averages, counts and the score distribution per group ----------
// Pure: the controller hands in the evaluations and return visits of the caller's scope and period.

/** One evaluation as the report counts it. */
export interface ScoredEvaluation {
  readonly key: string | null;
  readonly workOrderId: string;
  readonly number: string;
  readonly by: string;
  readonly satisfaction: number;
  readonly quality: number | null;
  readonly efficiency: number | null;
  readonly opinion: string;
  readonly at: string;
}

/** One recorded return visit with a satisfaction. */
export interface ScoredVisit {
  readonly key: string | null;
  readonly satisfaction: number;
}

export interface ReportFigures {
  readonly evaluations: number;
  readonly satisfaction: number | null;
  readonly quality: number | null;
  readonly efficiency: number | null;
  /** How many evaluations gave 1, 2, 3, 4 and 5 for satisfaction. */
  readonly distribution: readonly [number, number, number, number, number];
  readonly returnVisits: number;
  readonly returnVisitSatisfaction: number | null;
}

export const RECENT_COMMENTS = 10;

/** Averages to two decimals; none without a value. */
const average = (values: readonly number[]): number | null => (values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100);

export const figuresOf = (evaluations: readonly ScoredEvaluation[], visits: readonly ScoredVisit[]): ReportFigures => {
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const e of evaluations) distribution[e.satisfaction - 1] = (distribution[e.satisfaction - 1] ?? 0) + 1;
  return {
    evaluations: evaluations.length,
    satisfaction: average(evaluations.map((e) => e.satisfaction)),
    quality: average(evaluations.flatMap((e) => (e.quality === null ? [] : [e.quality]))),
    efficiency: average(evaluations.flatMap((e) => (e.efficiency === null ? [] : [e.efficiency]))),
    distribution,
    returnVisits: visits.length,
    returnVisitSatisfaction: average(visits.map((v) => v.satisfaction)),
  };
};

/** Groups by key (evaluations or visits without one — never dispatched — count only overall), most evaluated first. */
export const groupsOf = (evaluations: readonly ScoredEvaluation[], visits: readonly ScoredVisit[]): (ReportFigures & { key: string })[] => {
  const keys = [...new Set([...evaluations, ...visits].map((x) => x.key).filter((k): k is string => k !== null))];
  return keys
    .map((key) => ({ key, ...figuresOf(evaluations.filter((e) => e.key === key), visits.filter((v) => v.key === key)) }))
    .sort((a, b) => b.evaluations - a.evaluations || b.returnVisits - a.returnVisits || a.key.localeCompare(b.key));
};

/** The latest evaluations with a comment. */
export const recentCommentsOf = (evaluations: readonly ScoredEvaluation[]): ScoredEvaluation[] =>
  evaluations
    .filter((e) => e.opinion !== '')
    .sort((a, b) => b.at.localeCompare(a.at) || a.workOrderId.localeCompare(b.workOrderId))
    .slice(0, RECENT_COMMENTS);

/** The division code of a county at the level below `parentCode` ('CN' → province, 2 → city, 4+ → county). */
export const regionKeyOf = (countyCode: string, parentCode: string | null): string => {
  if (parentCode === null || parentCode.length >= 4) return countyCode;
  return parentCode === 'CN' ? countyCode.slice(0, 2) : countyCode.slice(0, 4);
};

const CHINA_OFFSET = '+08:00';

/** A date-only bound is a day in China time: `from` its start, `to` through its end. */
export const periodOf = (from: string | undefined, to: string | undefined): { from: string | null; to: string | null } => {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const start = (value: string) => new Date(day.test(value) ? `${value}T00:00:00${CHINA_OFFSET}` : value);
  const fromAt = from === undefined ? null : start(from).toISOString();
  const toAt = to === undefined ? null : day.test(to) ? new Date(start(to).getTime() + 86_400_000).toISOString() : new Date(to).toISOString();
  return { from: fromAt, to: toAt };
};
