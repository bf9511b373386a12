// ---- Errors of the event store adapters (the port's own WrongExpectedVersionError lives in @kuaige/domain) ----

/** An append the store refuses before touching storage: the caller must fix its input. */
export class InvalidAppendError extends Error {
  constructor(
    readonly streamId: string,
    readonly reason: string,
  ) {
    super(`cannot append to stream ${JSON.stringify(streamId)}: ${reason}`);
    this.name = 'InvalidAppendError';
  }
}

/** Where an event id is already stored. */
export interface StoredEventIdPlace {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: number;
}

/**
 * Some of the appended event ids are already stored, but not as this exact append (same stream, same
 * ids in the same order, consecutive revisions). Event ids derive from command ids, so this means a
 * command id was reused for a different command, or a command changed between retries: give the new
 * command a new id.
 */
export class EventIdConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly conflicts: readonly StoredEventIdPlace[],
  ) {
    const where = conflicts.map((c) => `${c.eventId} (stream ${c.streamId} revision ${c.revision})`).join(', ');
    super(
      `cannot append to stream ${streamId}: event id(s) already stored elsewhere or as part of a different append: ${where}; ` +
        'derive event ids from a fresh command id',
    );
    this.name = 'EventIdConflictError';
  }
}

/** The store was closed; open a new one (or stop using it during shutdown). */
export class EventStoreClosedError extends Error {
  constructor(readonly kind: string) {
    super(`the ${kind} event store is closed`);
    this.name = 'EventStoreClosedError';
  }
}

/** Storage failed to commit (disk full, file locked by another process for too long, I/O error). */
export class EventStoreWriteError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`could not commit to the event store ${file}: ${detail}; nothing of this append was written — retry, and check disk space and other processes holding the file`, {
      cause,
    });
    this.name = 'EventStoreWriteError';
  }
}

/** The store file was created by a newer schema than this build understands. */
export class EventStoreSchemaError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(`event store ${file} has schema version ${found}, this build supports up to ${supported}: upgrade the application, do not downgrade`);
    this.name = 'EventStoreSchemaError';
  }
}
