import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';

/** /health and /ready as anyone may read them: the overall state and each check's state, by name. */
export interface PublicHealthReport {
  readonly status: HealthCheckResult['status'];
  readonly info?: Record<string, { status: string }>;
  readonly error?: Record<string, { status: string }>;
  readonly details: Record<string, { status: string }>;
  readonly waitingFor?: readonly string[];
}

const statesOnly = (results: Partial<HealthIndicatorResult>): Record<string, { status: string }> =>
  Object.fromEntries(Object.entries(results).flatMap(([name, result]) => (result ? [[name, { status: String(result.status) }]] : [])));

/**
 * Leaves out what helps an attacker more than a monitor (the data directory's path, free disk, PID,
 * Node and product versions, adapter kinds and error texts); the admin token gets the full report.
 */
export const publicHealth = (report: HealthCheckResult & { readonly waitingFor?: readonly string[] }): PublicHealthReport => ({
  status: report.status,
  ...(report.info ? { info: statesOnly(report.info) } : {}),
  ...(report.error ? { error: statesOnly(report.error) } : {}),
  details: statesOnly(report.details),
  ...(report.waitingFor ? { waitingFor: report.waitingFor } : {}),
});
