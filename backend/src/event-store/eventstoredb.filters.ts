import { eventTypeFilter, excludeSystemEvents, streamNameFilter, type AllStreamSubscription, type Filter, type Position } from '@eventstore/db-client';
import type { NormalizedFilter } from './all-filter';

type CheckpointReached = (subscription: AllStreamSubscription, position: Position) => Promise<void> | void;

// Regex metacharacters of .NET's regex engine (the server evaluates the filter).
const escapeRegex = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|#\s-]/g, (c) => `\\${c}`);

/** Stream names of the given categories: `Category` itself or `Category-...` (the `$ce-` rule). */
export const categoryRegex = (categories: readonly string[]): string => `^(?:${categories.map(escapeRegex).join('|')})(?:-|$)`;

/**
 * The server-side filter of a subscription to $all. EventStoreDB filters on one thing at a time, so
 * categories (stream names) win when both are given and event-type prefixes are then checked on the
 * client; with neither, system events are excluded. A filter is always set because filtered
 * subscriptions are the ones that send checkpoints (every `checkpointInterval` x 32 events considered).
 */
export function serverFilter(filter: NormalizedFilter, checkpointInterval: number, checkpointReached: CheckpointReached): Filter {
  const common = { checkpointInterval, checkpointReached };
  if (filter.categories !== null) return streamNameFilter({ regex: categoryRegex(filter.categories), ...common });
  if (filter.eventTypePrefixes !== null) return eventTypeFilter({ prefixes: [...filter.eventTypePrefixes], ...common });
  return excludeSystemEvents(common);
}
