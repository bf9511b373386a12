import { categoryOf, type AllFilter } from '@kuaige/eventsourcing';

/** A filter with its empty parts removed: an absent or empty list means "no restriction". */
export interface NormalizedFilter {
  readonly categories: readonly string[] | null;
  readonly eventTypePrefixes: readonly string[] | null;
}

export function normalizeFilter(filter: AllFilter | undefined): NormalizedFilter {
  const categories = filter?.categories?.length ? [...new Set(filter.categories)] : null;
  const eventTypePrefixes = filter?.eventTypePrefixes?.length ? [...new Set(filter.eventTypePrefixes)] : null;
  return { categories, eventTypePrefixes };
}

export const isUnfiltered = (filter: NormalizedFilter): boolean => filter.categories === null && filter.eventTypePrefixes === null;

/** Whether an event passes the filter: its stream's category is listed and its type starts with a listed prefix. */
export function matchesFilter(filter: NormalizedFilter, streamId: string, type: string): boolean {
  if (filter.categories !== null && !filter.categories.includes(categoryOf(streamId))) return false;
  if (filter.eventTypePrefixes !== null && !filter.eventTypePrefixes.some((prefix) => type.startsWith(prefix))) return false;
  return true;
}
