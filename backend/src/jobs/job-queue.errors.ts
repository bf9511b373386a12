// ---- Errors of the job-queue port: each names what to fix ----------------------------------------

/** Thrown by a handler when retrying cannot help (bad payload, deleted target): the job fails at once. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

/** An option, job id, job type name or schedule that breaks a rule; the message names the field. */
export class InvalidJobOptionsError extends Error {
  constructor(
    readonly field: string,
    rule: string,
    value?: unknown,
  ) {
    super(`${field} ${rule}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`);
    this.name = 'InvalidJobOptionsError';
  }
}

/** The queue was closed; open a new one (a process closes its queue only when shutting down). */
export class JobQueueClosedError extends Error {
  constructor(operation: string) {
    super(`job queue is closed: cannot ${operation}`);
    this.name = 'JobQueueClosedError';
  }
}

/** A second handler for the same job type in one process. */
export class DuplicateHandlerError extends Error {
  constructor(readonly jobName: string) {
    super(`a handler for job type ${jobName} is already registered`);
    this.name = 'DuplicateHandlerError';
  }
}

export class JobNotFoundError extends Error {
  constructor(
    readonly jobName: string,
    readonly jobId: string,
  ) {
    super(`no job ${jobName}/${jobId} (never enqueued, or already removed)`);
    this.name = 'JobNotFoundError';
  }
}

/** Retry or discard asked for a job that has not exhausted its attempts. */
export class NotADeadLetterError extends Error {
  constructor(
    readonly jobName: string,
    readonly jobId: string,
    readonly state: string,
  ) {
    super(`job ${jobName}/${jobId} is ${state}, not a dead letter`);
    this.name = 'NotADeadLetterError';
  }
}

/** The backing store (Redis) did not take the job; the caller may answer 503 and let the client retry. */
export class JobQueueUnavailableError extends Error {
  constructor(operation: string, cause: unknown) {
    super(`job queue unavailable: could not ${operation}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'JobQueueUnavailableError';
  }
}
