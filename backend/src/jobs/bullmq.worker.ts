// ---- A BullMQ worker that can be let go of while its jobs still run ---------------------------------
import { Worker } from 'bullmq';

/**
 * Worker.close() waits for active jobs without limit, and until it returns the worker's lock-renewal
 * and stalled-check timers keep running (and keep the process alive). When close() has waited long
 * enough, abandon() stops those timers and aborts the handlers, so shutdown really ends.
 */
export class AbandonableWorker extends Worker<unknown, unknown, string> {
  async abandon(reason: string): Promise<void> {
    this.cancelAllJobs(reason);
    // pause(true) does not wait for active jobs; it stops the stalled-job checker.
    await this.pause(true);
    await this.lockManager.close();
  }
}
