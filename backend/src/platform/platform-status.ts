import { Inject, Injectable } from '@nestjs/common';
import { redactUrl } from '../config/config';
import { ADAPTER_PROBES, type AdapterProbe, type AdapterStatus } from './adapter-probe';

export interface AdapterReport extends AdapterStatus {
  readonly name: string;
  readonly critical: boolean;
}

/** Runs every registered adapter probe; a probe that throws or hangs counts as down. */
@Injectable()
export class PlatformStatus {
  constructor(@Inject(ADAPTER_PROBES) private readonly probes: AdapterProbe[]) {}

  async adapters(timeoutMs = 3000): Promise<AdapterReport[]> {
    return Promise.all(
      this.probes.map(async (probe) => {
        const status = await withTimeout(probe.check(), timeoutMs).catch(
          (e: Error): AdapterStatus => ({ kind: 'unknown', up: false, detail: { error: e.message } }),
        );
        return { name: probe.name, critical: probe.critical, ...status, detail: redactDetail(status.detail ?? {}) };
      }),
    );
  }
}

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });

const redactDetail = (detail: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(detail).map(([k, v]) => [k, typeof v === 'string' ? redactUrl(v) : v]));
