// ---------------------------------------------------------------------------------------------
// What the backend reports (GraphQL `platform` and REST /ready)
// ---------------------------------------------------------------------------------------------

/** One adapter the backend process uses (storage, event store, read models, jobs...). */
export interface AdapterStatus {
  readonly name: string;
  /** The implementation, e.g. embedded-sqlite or eventstoredb; null without the admin token. */
  readonly kind: string | null;
  readonly up: boolean;
  /** A critical adapter that is down takes the platform down; others only degrade it. */
  readonly critical: boolean;
  /** Null without the admin token. */
  readonly detail: Readonly<Record<string, unknown>> | null;
}

/** Anyone learns the name and each adapter's state; the rest is for holders of the admin token. */
export interface PlatformFacts {
  readonly name: string;
  /** Whether the admin token was accepted, so that the fields below are filled in. */
  readonly detailed: boolean;
  readonly version: string | null;
  readonly node: string | null;
  readonly role: string | null;
  readonly environment: string | null;
  readonly startedAt: string | null;
  readonly uptimeSeconds: number | null;
  readonly adapters: readonly AdapterStatus[];
}

/** Whether start-up work (e.g. read-model rebuilds) is finished, and what is still running. */
export interface Readiness {
  readonly ready: boolean;
  readonly waitingFor: readonly string[];
}

/** One successful status check as the page shows it. */
export interface StatusSnapshot {
  readonly platform: PlatformFacts;
  /** Null when /ready could not be asked; the platform facts are still valid. */
  readonly readiness: Readiness | null;
  readonly receivedAt: Date;
}

// ---------------------------------------------------------------------------------------------
// What the console derives
// ---------------------------------------------------------------------------------------------

export type AdapterState = 'up' | 'degraded' | 'down';
export type OverallHealth = 'healthy' | 'degraded' | 'down';

/** The same rule as the backend's /health: a non-critical adapter that is down only degrades. */
export const adapterState = (adapter: AdapterStatus): AdapterState => (adapter.up ? 'up' : adapter.critical ? 'down' : 'degraded');

/** Down if any critical adapter is down, degraded if any other is, healthy otherwise. */
export function overallHealth(adapters: readonly AdapterStatus[]): OverallHealth {
  const states = adapters.map(adapterState);
  if (states.includes('down')) return 'down';
  if (states.includes('degraded')) return 'degraded';
  return 'healthy';
}

/** One row of the page's check history: every automatic or manual check, failed ones included. */
export interface CheckRecord {
  readonly at: Date;
  readonly outcome: OverallHealth | 'failed';
  readonly latencyMs: number;
  readonly adaptersUp: number;
  readonly adaptersTotal: number;
}
