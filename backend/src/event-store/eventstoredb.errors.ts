import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import { WrongExpectedVersionError, type ExpectedRevision } from '@kuaige/eventsourcing';

/**
 * Errors after which a subscription should resubscribe from where it was rather than stop: the server
 * went away (UnavailableError), cancelled the call — on shutdown, leader change or when it drops a slow
 * subscriber, the client raises CancelledError, not UnavailableError — or the call timed out.
 * Checked against the classes exported by @eventstore/db-client 6.2.1 (dist/utils/CommandError.d.ts).
 */
export const isRecoverableDrop = (error: unknown): error is Error =>
  error instanceof CancelledError ||
  error instanceof UnavailableError ||
  error instanceof DeadlineExceededError ||
  error instanceof TimeoutError ||
  error instanceof NotLeaderError ||
  error instanceof UnknownError;

/** The port's error for EventStoreDB's, keeping what the caller expected. */
export function toPortWrongExpectedVersion(streamId: string, expected: ExpectedRevision, error: EsdbWrongExpectedVersionError): WrongExpectedVersionError {
  const actual = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : 'no_stream';
  return new WrongExpectedVersionError(streamId, expected, actual);
}

export { EsdbWrongExpectedVersionError };

/** A subscription's stream ended although nobody stopped it; treated as a drop and resubscribed. */
export class SubscriptionEndedError extends Error {
  constructor() {
    super('the EventStoreDB subscription stream ended without an error; resubscribing');
    this.name = 'SubscriptionEndedError';
  }
}
