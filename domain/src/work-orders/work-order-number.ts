import { RuleViolation, type Command, type Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';

// ---- Work-order numbers: WO-YYYYMMDD-XXXXXX, derived from the order's id and day -----------------
// The day is China's calendar day (UTC+8, no daylight saving). The suffix is a hash of the id (and an
// attempt counter), so a retried submission derives the same number; uniqueness is made certain by a
// claim stream per number: on a clash the handler claims the next attempt's number.

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

const fnv1a = (text: string, seed: number): number => {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
};

/** `WO-20261201-7K3M9Q` for the order `workOrderId` submitted at `at`; `attempt` > 0 after a clash. */
export const workOrderNumber = (workOrderId: string, at: string, attempt = 0): string => {
  const china = new Date(Date.parse(at) + 8 * 3600_000).toISOString();
  const day = china.slice(0, 10).replaceAll('-', '');
  let n = fnv1a(`${workOrderId}#${attempt}`, 0x811c9dc5) * 4096 + (fnv1a(`${attempt}#${workOrderId}`, 0x2f5a1b37) % 4096);
  let suffix = '';
  for (let i = 0; i < 6; i++) {
    suffix = ALPHABET[n % ALPHABET.length] + suffix;
    n = Math.floor(n / ALPHABET.length);
  }
  return `WO-${day}-${suffix}`;
};

export type WorkOrderNumberClaimed = DomainEvent<'WorkOrderNumberClaimed', { number: string; workOrderId: string; at: string }>;
export type ClaimWorkOrderNumber = Command<'ClaimWorkOrderNumber', { number: string; workOrderId: string; at: string }>;
export type WorkOrderNumberClaim = { readonly workOrderId: string | null };

/** Another order holds the number already. */
export class WorkOrderNumberTaken extends RuleViolation {
  constructor(readonly number: string) {
    super('number-taken', `work-order number ${number} is taken`);
    this.name = 'WorkOrderNumberTaken';
  }
}

/** One work order per number (stream `WorkOrderNumber-<number>`); claiming it again for the same order is a no-op. */
export const workOrderNumberClaim: Decider<ClaimWorkOrderNumber, WorkOrderNumberClaimed, WorkOrderNumberClaim> = {
  initialState: () => ({ workOrderId: null }),
  decide: (command, state) => {
    if (state.workOrderId === command.data.workOrderId) return [];
    if (state.workOrderId !== null) throw new WorkOrderNumberTaken(command.data.number);
    return [{ type: 'WorkOrderNumberClaimed', data: command.data }];
  },
  evolve: (_state, event) => ({ workOrderId: event.data.workOrderId }),
};

export const workOrderNumberStream = (number: string): string => `WorkOrderNumber-${number}`;
