import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../config/config';
import type { RetentionPolicy } from './backup-set';

// ---- Backup settings, read once at start-up (and by the command line) -----------------------------

type Env = Record<string, string | undefined>;

export interface BackupSettings {
  /** BACKUP_DIR; DATA_DIR/backups by default. Prefer another disk: a backup on the same disk dies with it. */
  readonly dir: string;
  /** BACKUP_SCHEDULE=on|off: scheduled backups in the worker role (off by default only under NODE_ENV=test). */
  readonly scheduled: boolean;
  /** BACKUP_INTERVAL_MINUTES: time between scheduled backups (default 1440, daily). */
  readonly intervalMinutes: number;
  readonly retention: RetentionPolicy;
}

const integer = (env: Env, name: string, fallback: number, min: number, max: number): number => {
  const v = env[name]?.trim();
  if (!v) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new ConfigError(name, `must be an integer from ${min} to ${max}`, v);
  return Number(v);
};

/** Reads and validates the backup settings; throws ConfigError naming the variable. */
export const loadBackupSettings = (dataDir: string, env: Env = process.env): BackupSettings => {
  const dirText = env['BACKUP_DIR']?.trim();
  const dir = dirText ? (isAbsolute(dirText) ? dirText : resolve(dirText)) : join(dataDir, 'backups');
  const scheduleText = env['BACKUP_SCHEDULE']?.trim();
  if (scheduleText && scheduleText !== 'on' && scheduleText !== 'off') throw new ConfigError('BACKUP_SCHEDULE', 'must be on or off', scheduleText);
  const scheduled = scheduleText ? scheduleText === 'on' : env['NODE_ENV']?.trim() !== 'test';
  return {
    dir,
    scheduled,
    intervalMinutes: integer(env, 'BACKUP_INTERVAL_MINUTES', 1440, 5, 10_080),
    retention: { keep: integer(env, 'BACKUP_KEEP', 14, 1, 1000), maxAgeDays: integer(env, 'BACKUP_MAX_AGE_DAYS', 35, 1, 3650) },
  };
};
