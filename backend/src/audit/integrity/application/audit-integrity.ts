import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { EventStore } from '@kuaige/eventsourcing';
import { digestUuid } from '@kuaige/eventsourcing';
import { APP_CONFIG } from '../../../config/config.module';
import type { AppConfig } from '../../../config/config';
import { EVENT_STORE } from '../../../event-sourcing/aggregate-streams';
import { JOB_QUEUE } from '../../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../../identity/clock';
import { defineJob, type JobQueue } from '../../../jobs/job-queue.port';
import { AuditKeyring } from '../audit-keyring';
import { DigestSigner, type SignOutcome } from '../digest-signer';
import { IntegrityStore, type StoredDigest, type VerificationRun } from '../integrity-store';
import { loadIntegritySettings } from '../integrity.settings';
import { verifyLog } from '../log-verifier';
import type { PublicSigningKey } from '../signing-key';

// ---- The product's side of tamper evidence: scheduled and on-demand digests, verification jobs -------

export const AUDIT_DIGEST_JOB = defineJob<{ readonly reason: string }, { readonly digestId: string; readonly created: boolean }>('audit.digest', {
  attempts: 3,
  backoff: { type: 'exponential', delayMs: 60_000 },
});
/** One attempt: a verification that cannot finish is reported as an error, not silently re-run. */
export const AUDIT_VERIFY_JOB = defineJob<{ readonly verificationId: string }, { readonly state: string }>('audit.verify', { attempts: 1 });

export interface VerificationRequest {
  readonly requestedBy: string;
  /** From the Idempotency-Key: the same key answers the same run. */
  readonly requestKey?: string;
  readonly requestDigest?: string | null;
}

/** The same idempotency key came with a different verification request. */
export class VerificationRequestReused extends Error {
  constructor() {
    super('this Idempotency-Key was used for a different request');
    this.name = 'VerificationRequestReused';
  }
}

@Injectable()
export class AuditIntegrity implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('AuditIntegrity');
  private store!: IntegrityStore;
  private keyring!: AuditKeyring;
  private signer!: DigestSigner;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const settings = loadIntegritySettings(process.env);
    this.store = IntegrityStore.in(this.config.dataDir);
    this.keyring = AuditKeyring.open(this.store, this.config.dataDir, process.env, () => this.clock.now());
    this.signer = new DigestSigner(this.events, this.store, this.keyring, () => this.clock.now());
    // The in-process queue keeps no job over a restart: a run it held will never finish, so say so.
    if (this.config.redisUrl === null) {
      const abandoned = this.store.abandonUnfinished(this.clock.now().toISOString(), 'interrupted: the process stopped before the verification finished; start another');
      if (abandoned > 0) this.logger.warn({ abandoned }, 'unfinished audit verifications marked as errors');
    }
    this.jobs.register(AUDIT_DIGEST_JOB, async () => {
      // An unchanged head is seen without walking the log.
      const last = this.store.lastDigest();
      if (last && last.file.digest.position === (await this.events.headPosition())) return { digestId: last.file.digest.digestId, created: false };
      const { digest, created } = await this.signer.sign({ trigger: 'schedule', skipIfUnchanged: true });
      if (created) this.logger.log({ digestId: digest.file.digest.digestId, position: digest.file.digest.position, keyId: digest.file.digest.keyId }, 'audit digest signed');
      return { digestId: digest.file.digest.digestId, created };
    });
    this.jobs.register(AUDIT_VERIFY_JOB, (job) => this.runVerification(job.data.verificationId));
    // Same scheduler id on every start and in every process: one schedule, replaced, never doubled.
    await this.jobs.schedule(AUDIT_DIGEST_JOB, 'periodic', { repeat: { pattern: settings.digestPattern, tz: 'Asia/Shanghai' }, data: { reason: 'periodic' } });
  }

  onModuleDestroy(): void {
    this.store?.close();
  }

  signDigest(request: { requestKey?: string; requestDigest?: string | null }): Promise<SignOutcome> {
    return this.signer.sign({ trigger: 'api', ...request });
  }

  digests(page: number, pageSize: number): { items: StoredDigest[]; total: number } {
    return this.store.digestPage(page, pageSize);
  }

  digest(digestId: string): StoredDigest | null {
    return this.store.digestById(digestId);
  }

  lastDigest(): StoredDigest | null {
    return this.store.lastDigest();
  }

  publicKeys(): PublicSigningKey[] {
    return this.keyring.publicKeys();
  }

  /** Records a run and queues its job; the same key answers the run it started. */
  async startVerification(request: VerificationRequest): Promise<{ run: VerificationRun; created: boolean }> {
    const id = request.requestKey !== undefined ? digestUuid('audit-verification', request.requestedBy, request.requestKey) : digestUuid('audit-verification', request.requestedBy, randomUUID());
    const { run, created } = this.store.addVerification(id, request.requestedBy, this.clock.now().toISOString(), request.requestDigest ?? null);
    if (!created && run.requestDigest !== (request.requestDigest ?? null)) throw new VerificationRequestReused();
    if (created) await this.jobs.enqueue(AUDIT_VERIFY_JOB, { verificationId: id }, { jobId: `audit-verify-${id}` });
    return { run, created };
  }

  verification(id: string): VerificationRun | null {
    return this.store.verification(id);
  }

  latestVerification(): VerificationRun | null {
    return this.store.latestVerification();
  }

  /** The whole log against every stored digest (as one sequence) and the published keys. */
  async runVerification(id: string): Promise<{ state: string }> {
    try {
      const result = await verifyLog(this.events, {
        digests: this.store.allDigests().map((d) => d.file),
        trustedKeys: this.keyring.publicKeys(),
        sequence: true,
        onProgress: (p) => this.store.progressVerification(id, Math.floor(p.fraction * 100), p.checked),
      });
      this.store.finishVerification(id, this.clock.now().toISOString(), { result });
      if (!result.ok) this.logger.warn({ verificationId: id, firstBroken: result.firstBroken }, 'audit verification found a broken link');
      return { state: result.ok ? 'passed' : 'broken' };
    } catch (e) {
      this.store.finishVerification(id, this.clock.now().toISOString(), { error: (e as Error).message });
      return { state: 'error' };
    }
  }
}
