import { randomUUID } from 'node:crypto';
import type { Actor } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';

/** Who sends a command, for whom and where: becomes the metadata of every event it causes. */
export interface CommandContext {
  /** Chosen by the client so that a retried request appends nothing twice; generated when absent. */
  readonly commandId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Keyed digest of the client's request: the same command id with another request is refused. */
  readonly requestDigest?: string;
  /** The record of the client's key, shared by every step of one request (see ClientCommand). */
  readonly request?: ClientRequestRecord;
  readonly actor: Actor;
  readonly tenantIds: readonly string[];
  /** County code and its ancestors. */
  readonly jurisdiction: readonly string[];
  /** When the command was accepted; defaults to now. Deciders get time only from here. */
  readonly at?: Date;
  /** Where the client's request came from; absent for commands the product sends by itself. */
  readonly origin?: RequestOrigin;
}

/**
 * The client's address (the socket's, or `X-Forwarded-For` only as far as TRUSTED_PROXIES reach —
 * Fastify's `request.ip`) and its user agent (at most USER_AGENT_MAX characters), for the audit trail.
 */
export interface RequestOrigin {
  readonly ip: string;
  readonly userAgent: string | null;
}

export const USER_AGENT_MAX = 256;

/**
 * Where a client's key is recorded with its request digest (stream `ClientRequest-<id>`), so that the
 * key sent again with another request is refused whichever streams that request would touch.
 */
export interface ClientRequestRecord {
  readonly streamId: string;
  readonly commandId: string;
  readonly requestDigest: string;
  /** Set once this request's record is written or found: later steps skip it. */
  accepted: boolean;
}

/** The id of the n-th event a command appends to a stream. */
export const eventIdFor = (commandId: string, streamId: string, index: number): string => digestUuid(commandId, streamId, String(index));

export const COMMAND_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Fills in the ids a context may leave out. */
export const completeContext = (context: CommandContext) => {
  const commandId = context.commandId ?? randomUUID();
  if (!COMMAND_ID.test(commandId)) throw new InvalidCommandIdError(commandId);
  return {
    ...context,
    commandId,
    correlationId: context.correlationId ?? commandId,
    causationId: context.causationId ?? commandId,
    at: context.at ?? new Date(),
  };
};

export class InvalidCommandIdError extends Error {
  constructor(readonly commandId: string) {
    super('commandId must be 8-128 characters of letters, digits and . _ : -');
    this.name = 'InvalidCommandIdError';
  }
}
