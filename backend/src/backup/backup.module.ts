import { Module, type OnModuleInit } from '@nestjs/common';
import { ScheduledBackups } from './scheduled-backups';

/** Scheduled online backups of the embedded store (the command line takes them on demand: README). */
@Module({ providers: [ScheduledBackups], exports: [ScheduledBackups] })
export class BackupModule implements OnModuleInit {
  constructor(private readonly backups: ScheduledBackups) {}

  async onModuleInit(): Promise<void> {
    await this.backups.install();
  }
}
