import { Inject, Injectable } from '@nestjs/common';
import { accessSync, constants, statfsSync } from 'node:fs';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import type { AdapterProbe, AdapterStatus } from './adapter-probe';

/** The data directory that embedded adapters write to: writable, and how much room is left. */
@Injectable()
export class StorageProbe implements AdapterProbe {
  readonly name = 'storage';
  readonly critical = true;
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async check(): Promise<AdapterStatus> {
    try {
      accessSync(this.config.dataDir, constants.W_OK);
      const fs = statfsSync(this.config.dataDir);
      return { kind: 'local-directory', up: true, detail: { path: this.config.dataDir, freeBytes: fs.bavail * fs.bsize } };
    } catch (e) {
      return { kind: 'local-directory', up: false, detail: { path: this.config.dataDir, error: (e as Error).message } };
    }
  }
}
