// ---- Events and their metadata ------------------------------------------------------------------

/** A business fact in the past tense, e.g. `WorkOrderDispatched`. */
export interface DomainEvent<Type extends string = string, Data extends object = Record<string, unknown>> {
  readonly type: Type;
  readonly data: Data;
}

/** Who caused an event: user, active enterprise, operator node and client address. */
export interface Actor {
  readonly userId: string;
  readonly enterpriseId?: string;
  readonly operatorNodeId?: string;
  readonly ip?: string;
}

/** Stored with every event (ARCHITECTURE.md, write side). */
export interface EventMetadata {
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  /** Keyed digest of the client request that sent the command, when a client chose the command id. */
  readonly requestDigest?: string;
  readonly actor: Actor;
  /** Where the client's request came from (absent for what the product does by itself). */
  readonly origin?: { readonly ip: string; readonly userAgent: string | null };
  /** Tenants (enterprises) that own or share the event's aggregate. */
  readonly tenantIds: readonly string[];
  /** The county code of the aggregate and its ancestors, e.g. ['440305', '4403', '44', 'CN']. */
  readonly jurisdiction: readonly string[];
  /** Version of the event's data schema; older versions are upcast on read. */
  readonly schemaVersion: number;
  /** When the command was accepted (ISO 8601). */
  readonly occurredAt: string;
}
