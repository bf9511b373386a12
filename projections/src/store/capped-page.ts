import type { Filter, ReadModelCollection, ReadModelDocument, SortSpec } from './read-model-store.port';

/** Lists count their matches exactly up to this many; beyond it the total is a lower bound. */
export const TOTAL_CAP = 10_000;

export interface CappedPage<T> {
  readonly items: T[];
  /** Exact when `totalExact`; otherwise at least this many (TOTAL_CAP, or the rows already paged past). */
  readonly total: number;
  readonly totalExact: boolean;
}

/**
 * One page of a list and its total, counted only as far as TOTAL_CAP: counting every one of a
 * province's hundred thousand orders costs a walk over all of them on each page, while nobody pages to
 * the ten-thousandth row (they narrow the filter). A short page is the last one and tells the total
 * without counting at all.
 */
export async function findCappedPage<T extends ReadModelDocument>(
  rows: ReadModelCollection<T>,
  filter: Filter,
  { sort, page, pageSize }: { readonly sort: SortSpec; readonly page: number; readonly pageSize: number },
  cap: number = TOTAL_CAP,
): Promise<CappedPage<T>> {
  const skip = (page - 1) * pageSize;
  const items = await rows.find(filter, { sort, skip, limit: pageSize });
  const seen = skip + items.length;
  if (items.length < pageSize && (items.length > 0 || skip === 0)) return { items, total: seen, totalExact: true };
  const counted = await rows.count(filter, { limit: cap + 1 });
  return counted <= cap ? { items, total: counted, totalExact: true } : { items, total: Math.max(cap, seen), totalExact: false };
}
