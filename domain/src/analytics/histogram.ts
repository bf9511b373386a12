// ---- Duration histograms: fixed buckets, so rows merge by adding counts ---------------------------
// Percentiles of a day, a county or the nation come from adding the buckets of the rows they cover;
// no row has to keep the raw durations, and a roll-up is exact to the bucket.

/** Upper bounds (minutes, inclusive) of the buckets; one more bucket holds everything longer. */
export const DURATION_BOUNDS_MINUTES = [
  5, 10, 15, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1080, 1440, 2160, 2880, 4320, 5760, 7200, 10080, 14400, 20160, 43200,
] as const;

/** Counts per bucket, `DURATION_BOUNDS_MINUTES.length + 1` long. */
export type Histogram = readonly number[];

export const HISTOGRAM_LENGTH = DURATION_BOUNDS_MINUTES.length + 1;

export const emptyHistogram = (): number[] => new Array<number>(HISTOGRAM_LENGTH).fill(0);

/** The bucket a duration falls in (negative durations, from clock skew, count as zero). */
export const bucketOfMinutes = (minutes: number): number => {
  const index = DURATION_BOUNDS_MINUTES.findIndex((bound) => Math.max(0, minutes) <= bound);
  return index === -1 ? DURATION_BOUNDS_MINUTES.length : index;
};

/** A histogram holding one duration. */
export const histogramOf = (minutes: number): number[] => {
  const h = emptyHistogram();
  h[bucketOfMinutes(minutes)] = 1;
  return h;
};

export const addHistograms = (a: Histogram, b: Histogram): number[] => a.map((count, i) => count + (b[i] ?? 0));

export const histogramTotal = (h: Histogram): number => h.reduce((sum, count) => sum + count, 0);

/**
 * The q-quantile (0 < q ≤ 1) as the upper bound of the bucket holding it, in minutes; the open last
 * bucket answers its lower bound. Null for an empty histogram.
 */
export const percentileOf = (h: Histogram, q: number): number | null => {
  const total = histogramTotal(h);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i]!;
    if (seen >= rank) return DURATION_BOUNDS_MINUTES[Math.min(i, DURATION_BOUNDS_MINUTES.length - 1)]!;
  }
  return DURATION_BOUNDS_MINUTES[DURATION_BOUNDS_MINUTES.length - 1]!;
};
