import { DEFAULT_SLA_POLICY, PRIORITY_ORDER, ROUND_THE_CLOCK_CALENDAR, type Priority, type SlaPolicy, type TargetMinutes } from '@kuaige/domain';
import { ConfigError } from '../config/config';

// ---- How the SLA clocks measure, read once at start-up ------------------------------------------
//
// The product measures with DEFAULT_SLA_POLICY: the mainland office calendar and the default targets.
// SLA_TEST_TARGETS_SECONDS=<response>/<resolution> exists so that an end-to-end test can let an order
// go overdue within seconds: it switches to the round-the-clock calendar with those targets for every
// priority. It is named as a test setting, validated, and refused when NODE_ENV=production.

type Env = Record<string, string | undefined>;

export const SLA_TEST_TARGETS_VARIABLE = 'SLA_TEST_TARGETS_SECONDS';

export interface SlaSettings {
  readonly policy: SlaPolicy;
  /** True when SLA_TEST_TARGETS_SECONDS replaced the calendar and the targets. */
  readonly testTargets: boolean;
}

/** Reads and validates the SLA settings; throws ConfigError naming the variable. */
export const loadSlaSettings = (env: Env = process.env): SlaSettings => {
  const value = env[SLA_TEST_TARGETS_VARIABLE]?.trim();
  if (!value) return { policy: DEFAULT_SLA_POLICY, testTargets: false };
  if (env['NODE_ENV']?.trim() === 'production') throw new ConfigError(SLA_TEST_TARGETS_VARIABLE, 'is a test setting and is refused when NODE_ENV=production');
  const match = /^(\d{1,5})\/(\d{1,5})$/.exec(value);
  const [response, resolution] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || response < 1 || resolution < response) {
    throw new ConfigError(SLA_TEST_TARGETS_VARIABLE, 'must be <response seconds>/<resolution seconds>, 1 ≤ response ≤ resolution ≤ 99999', value);
  }
  const minutes: TargetMinutes = { response: response / 60, resolution: resolution / 60 };
  const targets = Object.fromEntries(PRIORITY_ORDER.map((p) => [p, minutes])) as Record<Priority, TargetMinutes>;
  return { policy: { ...DEFAULT_SLA_POLICY, calendar: ROUND_THE_CLOCK_CALENDAR, targets }, testTargets: true };
};
