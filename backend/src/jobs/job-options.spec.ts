// The rules both adapters share: back-off arithmetic identical to BullMQ's, and the input they refuse.
import { Backoffs } from 'bullmq';
import { checkJobId, planJob, retryDelayMs } from './job-options';
import { InvalidJobOptionsError } from './job-queue.errors';
import { defineJob } from './job-queue.port';

describe('retry back-off', () => {
  it.each(['exponential', 'fixed'] as const)('waits as long as BullMQ does for %s back-off', async (type) => {
    const bullmq = Backoffs.builtinStrategies[type];
    if (bullmq === undefined) throw new Error(`BullMQ has no ${type} strategy`);
    for (const attemptsMade of [1, 2, 3, 4, 5, 10]) {
      expect(retryDelayMs({ type, delayMs: 250 }, attemptsMade)).toBe(await bullmq(250)(attemptsMade));
    }
  });

  it('doubles the exponential wait after every failure and retries at once without back-off', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs({ type: 'exponential', delayMs: 100 }, n))).toEqual([100, 200, 400, 800]);
    expect(retryDelayMs(undefined, 3)).toBe(0);
  });
});

describe('job plans', () => {
  const exportJob = defineJob<{ rows: number }, string>('exports.work-orders', {
    attempts: 3,
    backoff: { type: 'exponential', delayMs: 1000 },
  });

  it("takes the job type's retry policy unless the call overrides it", () => {
    expect(planJob(exportJob)).toEqual({ jobId: undefined, delayMs: 0, attempts: 3, backoff: { type: 'exponential', delayMs: 1000 } });
    expect(planJob(exportJob, { attempts: 1, delayMs: 50, jobId: 'export-7' })).toMatchObject({
      jobId: 'export-7',
      delayMs: 50,
      attempts: 1,
    });
  });

  it.each(['', 'a:b', '42', 'x'.repeat(257)])('refuses the job id %j', (id) => {
    expect(() => checkJobId('jobId', id)).toThrow(InvalidJobOptionsError);
  });

  it('accepts ids derived from command and event ids', () => {
    for (const id of ['0b6f1c1e-5d8a-4b7e-9a37-2f0e9f6a1c55', 'WorkOrder-17@4', '42a']) expect(checkJobId('jobId', id)).toBe(id);
  });

  it('names the offending field in the error', () => {
    expect(() => planJob(exportJob, { attempts: 1.5 })).toThrow('attempts must be an integer >= 1 (got 1.5)');
  });
});
