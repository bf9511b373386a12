import { randomBytes } from 'node:crypto';
import { DuplicateKeyError, type ReadModelStore } from '../store/read-model-store.port';

// ---- One active projector per projection group: a lease in the read-model store ----------------

/** Collection of lease documents, one per projection group. */
export const LEASES = '_leases';

export interface LeaseDocument {
  readonly _id: string;
  readonly holder: string;
  /** Epoch milliseconds by the holder's clock when it last renewed, plus the time to live. */
  readonly expiresAt: number;
  readonly renewedAt: string;
  [field: string]: unknown;
}

export interface LeaseOptions {
  readonly store: ReadModelStore;
  /** The projection group the lease guards, e.g. `projector:read-models`. */
  readonly name: string;
  /** This process; random by default, so a restarted process waits for its old lease to expire. */
  readonly holder?: string;
  readonly ttlMs?: number;
  /** Milliseconds since the epoch; injected by tests. */
  readonly now?: () => number;
}

/**
 * A lease taken and renewed with a compare-and-set write: an upsert whose filter matches only a lease
 * that is this holder's or has expired. When another holder's live lease is there, the upsert tries
 * to insert a second document with the same _id and the store refuses it (DuplicateKeyError) — on
 * MongoDB and the embedded store alike — so of two processes racing, exactly one holds it.
 */
export class Lease {
  readonly holder: string;
  readonly ttlMs: number;
  private readonly now: () => number;
  private heldUntil = 0;

  constructor(private readonly options: LeaseOptions) {
    this.holder = options.holder ?? `${process.pid}-${randomBytes(6).toString('hex')}`;
    this.ttlMs = options.ttlMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  get name(): string {
    return this.options.name;
  }

  /**
   * Whether this process may still act as the holder, by its own clock: a third of the time to live
   * short of the expiry, so that it stops before a standby's clock lets the standby take over.
   */
  get held(): boolean {
    return this.now() < this.heldUntil - this.ttlMs / 3;
  }

  /** Takes the lease if it is free or expired, or renews it if held; returns whether it is held. */
  async acquire(): Promise<boolean> {
    const now = this.now();
    const expiresAt = now + this.ttlMs;
    try {
      await this.options.store.collection<LeaseDocument>(LEASES).bulkWrite([
        {
          updateOne: {
            filter: { _id: this.options.name, $or: [{ holder: this.holder }, { expiresAt: { $lte: now } }] },
            update: { $set: { holder: this.holder, expiresAt, renewedAt: new Date(now).toISOString() } },
            upsert: true,
          },
        },
      ]);
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
      this.heldUntil = 0;
      return false;
    }
    this.heldUntil = expiresAt;
    return true;
  }

  /** Gives the lease up at once, so that a standby need not wait for it to expire. */
  async release(): Promise<void> {
    this.heldUntil = 0;
    await this.options.store.collection(LEASES).bulkWrite([{ deleteOne: { filter: { _id: this.options.name, holder: this.holder } } }]);
  }

  /** Who holds the lease according to the store, and until when. */
  async current(): Promise<LeaseDocument | null> {
    return this.options.store.collection<LeaseDocument>(LEASES).findOne({ _id: this.options.name });
  }
}

export type LeasedState = 'passive' | 'active' | 'stopped';

export interface LeasedWorkOptions {
  readonly lease: Lease;
  /** Starts the guarded work (a projector): called when the lease is taken. */
  readonly start: () => Promise<void>;
  /** Stops it: called when the lease is lost or given up. */
  readonly stop: () => Promise<void>;
  /** How often the holder renews and a standby tries to take over; a third of the lease's time to live by default. */
  readonly renewEveryMs?: number;
  readonly onError?: (error: Error) => void;
}

/**
 * Runs work only while it holds the lease. A standby stays passive and tries again every renewal
 * interval; the holder renews, and stops its work as soon as a renewal fails and the lease it had
 * has run out by its own clock — before any standby's clock (ahead by less than a renewal interval)
 * lets that standby take over. The runner's row cache is only valid with one writer: the work is
 * started afresh (checkpoints reloaded) on every take-over.
 */
export class LeasedWork {
  private state: LeasedState = 'passive';
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> = Promise.resolve();
  private lastError: Error | null = null;

  constructor(private readonly options: LeasedWorkOptions) {}

  get status(): { state: LeasedState; lease: string; holder: string; error?: string } {
    return {
      state: this.state,
      lease: this.options.lease.name,
      holder: this.options.lease.holder,
      ...(this.lastError ? { error: this.lastError.message } : {}),
    };
  }

  get active(): boolean {
    return this.state === 'active';
  }

  /** Tries once and then keeps trying every renewal interval. */
  async begin(): Promise<void> {
    await this.tick();
    const every = this.options.renewEveryMs ?? Math.max(1, Math.floor(this.options.lease.ttlMs / 3));
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  /** One round: take or renew the lease, and start or stop the work to match. Rounds never overlap. */
  tick(): Promise<void> {
    this.ticking = this.ticking.then(() => this.round());
    return this.ticking;
  }

  private async round(): Promise<void> {
    if (this.state === 'stopped') return;
    let held: boolean;
    try {
      held = await this.options.lease.acquire();
      this.lastError = null;
    } catch (e) {
      // The store did not answer: the lease stays ours until it runs out by our clock.
      this.report(e as Error);
      held = this.options.lease.held;
    }
    try {
      if (held && this.state === 'passive') {
        this.state = 'active';
        try {
          await this.options.start();
        } catch (e) {
          // Work that cannot start should not keep the group without a projector: let a standby try.
          this.state = 'passive';
          await this.options.lease.release().catch(() => undefined);
          throw e;
        }
      } else if (!held && this.state === 'active') {
        this.state = 'passive';
        await this.options.stop();
      }
    } catch (e) {
      this.report(e as Error);
    }
  }

  /**
   * The work found it may no longer write (a fence said no): stop it now; the next round takes the
   * lease again if it is free and starts the work afresh, from the checkpoints in the store.
   */
  stepDown(): Promise<void> {
    this.ticking = this.ticking.then(async () => {
      if (this.state !== 'active') return;
      this.state = 'passive';
      await this.options.stop().catch((e: Error) => this.report(e));
    });
    return this.ticking;
  }

  /** Stops the work and gives the lease up. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    const wasActive = this.state === 'active';
    this.state = 'stopped';
    if (wasActive) await this.options.stop();
    await this.options.lease.release().catch((e: Error) => this.report(e));
  }

  private report(error: Error): void {
    this.lastError = error;
    this.options.onError?.(error);
  }
}
