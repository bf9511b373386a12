// The in-process runner against the shared contract, plus what only it can show (retention in memory).
import { describeJobQueueContract } from './job-queue.contract';
import { InProcessJobQueue } from './in-process.job-queue';
import { defineJob } from './job-queue.port';

describeJobQueueContract('in-process job queue', () => ({ open: () => new InProcessJobQueue() }));

describe('in-process job queue retention', () => {
  const echo = defineJob<{ n: number }, number>('retention.echo');

  it('forgets the oldest completed jobs beyond the retained count, after which their ids run again', async () => {
    const queue = new InProcessJobQueue({ retention: { completedCount: 2 } });
    const runs: number[] = [];
    queue.register(echo, async ({ data }) => (runs.push(data.n), data.n));
    await queue.start();
    const waitCompleted = async (id: string) => {
      while ((await queue.getJob(echo, id))?.state !== 'completed') await new Promise((r) => setTimeout(r, 5));
    };
    for (const n of [1, 2, 3]) await waitCompleted(await queue.enqueue(echo, { n }, { jobId: `echo-${n}` }));
    expect(await queue.getJob(echo, 'echo-1')).toBeNull();
    expect((await queue.getJob(echo, 'echo-3'))?.result).toBe(3);
    await waitCompleted(await queue.enqueue(echo, { n: 1 }, { jobId: 'echo-1' }));
    expect(runs).toEqual([1, 2, 3, 1]);
    await queue.close();
  });
});
