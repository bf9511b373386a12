// ---------------------------------------------------------------------------------------------
// What the backend reports (GraphQL `platform` and REST /ready)
// ---------------------------------------------------------------------------------------------

/** One adapter the backend process uses (storage, event store, read models, jobs...). */
export interface AdapterStatus {
  readonly name: string;
  /** The implementation, e.g. embedded-sqlite or eventstoredb. */
  readonly kind: string;
  readonly up: boolean;
  /** A critical adapter that is down takes the platform down; others only degrade it. */
  readonly critical: boolean;
  readonly detail: Readonly<Record<string, unknown>> | null;
}

export interface PlatformFacts {
  readonly name: string;
  readonly version: string;
  readonly node: string;
  readonly role: string;
  readonly environment: string;
  readonly startedAt: string;
  readonly uptimeSeconds: number;
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
