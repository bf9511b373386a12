import { SECURITY_LOG_CATEGORY } from '@kuaige/domain';
import { categoryOf, type EventStore } from '@kuaige/eventsourcing';

/**
 * The events appended after `position` (as `stream type`), leaving out the security events the
 * audit trail records about refusals (SecurityLog streams): what a refused request must not append.
 */
export const appendedBesidesSecurityLog = async (events: EventStore, position: number): Promise<string[]> => {
  const appended: string[] = [];
  for await (const e of events.readAll({ after: position }))
    if (categoryOf(e.streamId) !== SECURITY_LOG_CATEGORY) appended.push(`${e.streamId} ${e.type}`);
  return appended;
};
