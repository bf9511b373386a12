import { FAULT_TYPES, type FaultType, type Priority } from '@kuaige/domain';
import { faultDescription, PRIORITY_WEIGHTS, type DemoWorld } from './demo-world';
import {
  CANCEL_REASONS,
  CAUSES,
  DECLINE_REASONS,
  EVALUATION_OPINIONS,
  PARTS,
  PROCESSING_STEPS,
  PROGRESS_NOTES,
  RECEIPT_REJECT_REASONS,
  REJECT_OPINIONS,
  REOPEN_REASONS,
  RESULTS,
  RETURN_REASONS,
  REVIEW_OPINIONS,
  TOOLS,
  WARRANTY_OPINIONS,
} from './name-tables';
import { SeededRandom } from './seeded-random';

// ---- One work order's life as a list of steps, planned from its index ------------------------------
//
// Each order is given the status it should end in (every status of the state machine occurs, and the
// detours: a returned dispatch, a declined engineer, a rejected receipt, a reopened order, a pause),
// then the steps that lead there, each at a time after the one before and all before the world's end.
// The writer sends each step as the work-order command of the party whose step it is.

/** Where an order ends; `closed-reopened` ends `accepted` after a reopening, and so on. */
export const PLANNED_OUTCOMES = {
  submitted: 3,
  rejected: 2,
  'awaiting-dispatch': 8,
  'returned-awaiting-dispatch': 1,
  dispatched: 5,
  accepted: 4,
  assigned: 4,
  'declined-accepted': 1,
  'engineer-accepted': 4,
  'in-progress': 6,
  'in-progress-paused': 2,
  completed: 4,
  'receipt-submitted': 4,
  'receipt-rejected-in-progress': 1,
  'receipt-approved': 4,
  reported: 3,
  'reported-one-evaluation': 2,
  closed: 35,
  'closed-reopened': 1,
  cancelled: 5,
} as const;
export type PlannedOutcome = keyof typeof PLANNED_OUTCOMES;

export interface Evaluation {
  readonly by: 'equipment-user' | 'manufacturer';
  readonly score: 1 | 2 | 3 | 4 | 5;
  readonly opinion: string;
}

export interface ProcessingRecord {
  readonly steps: string;
  readonly parts: readonly { readonly name: string; readonly quantity: number; readonly unit: string }[];
  readonly tools: readonly string[];
  readonly cause: string;
  readonly result: string;
}

/** What is done at a step; `PlannedStep` adds when. */
export type StepBody =
  | { readonly step: 'review'; readonly opinion: string }
  | { readonly step: 'accept' | 'engineer-accept' | 'start' | 'resume' | 'complete' | 'receipt-approve' | 'receipt-report' }
  | { readonly step: 'review-reject' | 'return' | 'decline' | 'cancel' | 'receipt-reject' | 'reopen'; readonly reason: string }
  | { readonly step: 'dispatch'; readonly providerIndex: number }
  | { readonly step: 'assign'; readonly engineerIndex: number }
  | { readonly step: 'progress'; readonly note: string }
  | { readonly step: 'pause'; readonly reason: 'awaiting-customer' | 'awaiting-parts' }
  | { readonly step: 'record'; readonly record: ProcessingRecord }
  | { readonly step: 'receipt'; readonly summary: string }
  | { readonly step: 'evaluate'; readonly evaluation: Evaluation }
  | { readonly step: 'warranty'; readonly judgement: 'in-warranty' | 'out-of-warranty'; readonly opinion: string };
export type PlannedStep = StepBody & { readonly at: string };

export interface PlannedWorkOrder {
  readonly index: number;
  readonly id: string;
  readonly deviceIndex: number;
  /**
   * Who raises it: the owner (the usual case; a described fault on a device without another open order
   * passes the automatic review) or the device's manufacturer for its customer (waits for the operator).
   */
  readonly requestedBy: 'owner' | 'manufacturer';
  readonly faultType: FaultType;
  readonly description: string;
  readonly priority: Priority;
  readonly submittedAt: string;
  readonly outcome: PlannedOutcome;
  /** The status the work-order decider holds after the steps. */
  readonly expectedStatus: string;
  readonly steps: readonly PlannedStep[];
}

const MINUTE = 60_000;

/** The id of the order at an index: the same in every run with this seed. */
export const demoWorkOrderId = (seed: number, index: number) => `demo-wo-${seed}-${String(index + 1).padStart(7, '0')}`;

/** The work order at `index` of the world (0-based): its device, fault and steps. */
export function planWorkOrder(world: DemoWorld, index: number, outcome?: PlannedOutcome): PlannedWorkOrder {
  const { seed } = world.scale;
  const random = SeededRandom.of(seed, 'work-order', index);
  const end = Date.parse(`${world.scale.until}T00:00:00Z`);
  const ends = outcome ?? random.weighted(PLANNED_OUTCOMES);
  // An order left for the operator's review is one a manufacturer raised for its customer's device.
  const forReview = ends === 'submitted' || ends === 'rejected';
  let deviceIndex = random.int(0, world.devices.length - 1);
  for (let tries = 0; forReview && world.devices[deviceIndex]!.manufacturerIndex === null && tries < world.devices.length; tries++)
    deviceIndex = (deviceIndex + 1) % world.devices.length;
  const device = world.devices[deviceIndex]!;
  const requestedBy = forReview && device.manufacturerIndex !== null ? 'manufacturer' : 'owner';
  const faultType = random.pick(Object.keys(FAULT_TYPES) as FaultType[]);
  const province = device.countyCode.slice(0, 2);
  const serving = world.providers.map((p, i) => ({ p, i })).filter(({ p }) => p.serviceRegions.includes(province) && p.deviceTypes.includes(device.type));
  const candidates = serving.length ? serving : world.providers.map((p, i) => ({ p, i }));

  const steps: PlannedStep[] = [];
  // Steps are laid out from 0 first and shifted to end before the world's end, at a spread of ages.
  let t = 0;
  const after = (minMinutes: number, maxMinutes: number) => (t += random.int(minMinutes, maxMinutes) * MINUTE);
  const add = (step: StepBody, wait: [number, number] = [5, 120]) => {
    after(...wait);
    steps.push({ ...step, at: String(t) } as PlannedStep);
  };
  const reached = (...stages: PlannedOutcome[]) => stages.includes(ends);
  const past = (stage: number) => STAGE[ends] >= stage;

  // `./run start`'s provider takes most of the work it can serve, so that its people see a busy queue.
  const anchor = world.anchored ? candidates.find((c) => c.i === 0) : undefined;
  const provider = anchor && random.chance(0.7) ? anchor : random.pick(candidates);
  const engineerOf = (p: (typeof candidates)[number]) => random.int(0, p.p.engineers.length - 1);
  const record = (): ProcessingRecord => ({
    steps: random.sample(PROCESSING_STEPS, random.int(3, 5)).map((s, i) => `${i + 1}. ${s}`).join('\n'),
    parts: random.sample(PARTS, random.int(0, 3)).map((part) => ({ name: part.name, quantity: random.int(1, 4), unit: part.unit })),
    tools: random.sample(TOOLS, random.int(1, 3)),
    cause: random.pick(CAUSES),
    result: random.pick(RESULTS),
  });
  const evaluation = (by: Evaluation['by']): Evaluation => {
    const score = Number(random.weighted({ 5: 50, 4: 30, 3: 12, 2: 6, 1: 2 })) as Evaluation['score'];
    return { by, score, opinion: random.pick(EVALUATION_OPINIONS[score]) };
  };

  if (ends === 'rejected') add({ step: 'review-reject', reason: random.pick(REJECT_OPINIONS) });
  if (past(1)) add({ step: 'review', opinion: random.pick(REVIEW_OPINIONS) });
  if (ends === 'returned-awaiting-dispatch') {
    add({ step: 'dispatch', providerIndex: provider.i });
    add({ step: 'return', reason: random.pick(RETURN_REASONS) });
  }
  if (ends === 'cancelled') add({ step: 'cancel', reason: random.pick(CANCEL_REASONS) });
  if (past(2)) add({ step: 'dispatch', providerIndex: provider.i }, [10, 240]);
  if (past(3)) add({ step: 'accept' });
  if (ends === 'declined-accepted') {
    add({ step: 'assign', engineerIndex: engineerOf(provider) });
    add({ step: 'decline', reason: random.pick(DECLINE_REASONS) });
  }
  if (past(4)) add({ step: 'assign', engineerIndex: engineerOf(provider) });
  if (past(5)) add({ step: 'engineer-accept' }, [5, 60]);
  if (past(6)) {
    add({ step: 'start' }, [30, 480]);
    add({ step: 'progress', note: random.pick(PROGRESS_NOTES) }, [20, 120]);
    if (ends === 'in-progress-paused' || random.chance(0.1)) {
      add({ step: 'pause', reason: random.chance(0.6) ? 'awaiting-parts' : 'awaiting-customer' }, [10, 60]);
      if (ends !== 'in-progress-paused') add({ step: 'resume' }, [120, 2_880]);
    }
    if (ends !== 'in-progress-paused') add({ step: 'record', record: record() }, [30, 240]);
  }
  if (past(7)) add({ step: 'complete' }, [10, 60]);
  if (past(8)) add({ step: 'receipt', summary: '维修完成，设备运行正常，客户已确认' }, [10, 90]);
  if (ends === 'receipt-rejected-in-progress') add({ step: 'receipt-reject', reason: random.pick(RECEIPT_REJECT_REASONS) }, [60, 600]);
  if (past(9)) add({ step: 'receipt-approve' }, [60, 1_440]);
  if (past(10)) add({ step: 'receipt-report' }, [10, 120]);
  if (past(11)) {
    const linked = device.manufacturerIndex !== null;
    add({ step: 'evaluate', evaluation: evaluation('equipment-user') }, [60, 4_320]);
    if (linked && random.chance(0.3)) {
      const judgement = random.chance(0.7) ? 'in-warranty' : 'out-of-warranty';
      add({ step: 'warranty', judgement, opinion: random.pick(WARRANTY_OPINIONS[judgement]) }, [30, 1_440]);
    }
    if (linked && !reached('reported-one-evaluation')) add({ step: 'evaluate', evaluation: evaluation('manufacturer') }, [60, 4_320]);
  }
  if (ends === 'closed-reopened') add({ step: 'reopen', reason: random.pick(REOPEN_REASONS) }, [1_440, 10_080]);

  // Open orders are recent, closed ones spread over the year.
  const open = !reached('closed', 'rejected', 'cancelled');
  const age = (open ? random.int(60, 20_160) : random.int(t / MINUTE + 60, 525_600)) * MINUTE;
  const submittedAt = end - age - t;
  const iso = (offset: number) => new Date(submittedAt + offset).toISOString();
  return {
    index,
    id: demoWorkOrderId(seed, index),
    deviceIndex,
    requestedBy,
    faultType,
    description: faultDescription(random, faultType, device.name),
    priority: random.weighted(PRIORITY_WEIGHTS),
    submittedAt: iso(0),
    outcome: ends,
    // With no manufacturer to evaluate too, the equipment user's evaluation closes the order.
    expectedStatus: ends === 'reported-one-evaluation' && device.manufacturerIndex === null ? 'closed' : EXPECTED_STATUS[ends],
    steps: steps.map((s) => ({ ...s, at: iso(Number(s.at)) })),
  };
}

/** How far along the main path an outcome goes: 1 reviewed, 2 dispatched ... 11 reported and evaluated. */
const STAGE: Record<PlannedOutcome, number> = {
  submitted: 0,
  rejected: 0,
  cancelled: 1,
  'awaiting-dispatch': 1,
  'returned-awaiting-dispatch': 1,
  dispatched: 2,
  accepted: 3,
  'declined-accepted': 3,
  assigned: 4,
  'engineer-accepted': 5,
  'in-progress': 6,
  'in-progress-paused': 6,
  completed: 7,
  'receipt-submitted': 8,
  'receipt-rejected-in-progress': 8,
  'receipt-approved': 9,
  reported: 10,
  'reported-one-evaluation': 11,
  closed: 11,
  'closed-reopened': 11,
};

/** The status the work-order decider should hold after the plan's steps. */
export const EXPECTED_STATUS: Record<PlannedOutcome, string> = {
  submitted: 'submitted',
  rejected: 'rejected',
  cancelled: 'cancelled',
  'awaiting-dispatch': 'awaiting-dispatch',
  'returned-awaiting-dispatch': 'awaiting-dispatch',
  dispatched: 'dispatched',
  accepted: 'accepted',
  'declined-accepted': 'accepted',
  assigned: 'assigned',
  'engineer-accepted': 'engineer-accepted',
  'in-progress': 'in-progress',
  'in-progress-paused': 'in-progress',
  completed: 'completed',
  'receipt-submitted': 'receipt-submitted',
  'receipt-rejected-in-progress': 'in-progress',
  'receipt-approved': 'receipt-approved',
  reported: 'reported',
  'reported-one-evaluation': 'reported',
  closed: 'closed',
  'closed-reopened': 'accepted',
};
