/** What one adapter (event store, read models, jobs, storage) says about itself on /health. */
export interface AdapterStatus {
  readonly kind: string;
  readonly up: boolean;
  readonly detail?: Record<string, unknown>;
}

/** Reports the state of one adapter actually in use; registered under ADAPTER_PROBES. */
export interface AdapterProbe {
  readonly name: string;
  /** Whether /ready must wait for this adapter (a down one makes the process not ready). */
  readonly critical: boolean;
  check(): Promise<AdapterStatus>;
}

export const ADAPTER_PROBES = Symbol('ADAPTER_PROBES');
