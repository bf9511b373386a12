import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, resolve, join } from 'node:path';
import { loadSlaSettings } from '../sla/sla.config';

export const ROLES = ['all', 'api', 'projector', 'worker'] as const;
export type Role = (typeof ROLES)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const NODE_ENVS = ['development', 'production', 'test'] as const;

/** Typed configuration of one process, read once from the environment at start-up. */
export interface AppConfig {
  readonly nodeEnv: (typeof NODE_ENVS)[number];
  readonly role: Role;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly eventStoreUrl: string | null;
  readonly mongoUrl: string | null;
  readonly mongoDb: string;
  readonly redisUrl: string | null;
  readonly logLevel: LogLevel;
  /** Where the JSON log lines go (LOG_FILE); null: standard output. */
  readonly logFile: string | null;
  readonly consoleDir: string | null;
  /** DEMO_DATA=on: seed the demo operator tree, enterprises and accounts at start (`./run start`). */
  readonly demoData: boolean;
  readonly corsOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  /** Largest file POST /api/v1/blobs accepts (BLOB_MAX_BYTES; 5 MiB by default). */
  readonly blobMaxBytes: number;
  /** Bearer token of the operations API (/api/v1/admin); null: generated into DATA_DIR/admin.token. */
  readonly adminToken: string | null;
  /**
   * Addresses or CIDRs of the reverse proxies in front of this process (TRUSTED_PROXIES). Only hops
   * from them are believed in X-Forwarded-For; empty: the client is the socket's peer.
   */
  readonly trustedProxies: readonly string[];
}

/** A configuration value that breaks a rule; its message is one line naming the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    rule: string,
    value?: string,
  ) {
    super(`${variable} ${rule}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const present = (env: Env, name: string): string | undefined => {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

const oneOf = <T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T => {
  const v = present(env, name);
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new ConfigError(name, `must be one of ${allowed.join('|')}`, v);
  return v as T;
};

const integer = (env: Env, name: string, fallback: number, min: number, max: number): number => {
  const v = present(env, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}`, v);
  }
  return Number(v);
};

const url = (env: Env, name: string, schemes: readonly string[]): string | null => {
  const v = present(env, name);
  if (v === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(name, `must be a URL of the form ${schemes[0]}//host:port`, redactUrl(v));
  }
  if (!schemes.includes(parsed.protocol) || parsed.hostname === '') {
    throw new ConfigError(name, `must be a URL with scheme ${schemes.join(' or ')} and a host`, redactUrl(v));
  }
  return v;
};

const PROXY_RULE = 'must be a comma-separated list of IP addresses or CIDRs like 10.0.0.5,172.18.0.0/16';

// proxy-addr (behind Fastify's trustProxy) would throw on a bad entry at the first request; refuse it at start-up instead.
const proxyList = (env: Env, name: string): string[] => {
  const entries = (present(env, name) ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || extra !== undefined || !prefixOk) throw new ConfigError(name, PROXY_RULE, entry);
  }
  return entries;
};

/** Removes the password of a URL so that it can be shown in logs and errors. */
export const redactUrl = (value: string): string => value.replace(/\/\/([^:/@]+):([^@/]*)@/, '//$1:***@');

// mkdirSync(..., { recursive: true }) never returns for some paths under /proc on Node 24: walk up ourselves.
const ensureDir = (dir: string): void => {
  let stat;
  try {
    stat = statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(dir) === dir) throw e;
    ensureDir(dirname(dir));
    mkdirSync(dir);
    return;
  }
  if (!stat.isDirectory()) throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
};

const writableDir = (env: Env, name: string, fallback: string): string => {
  const dir = resolve(present(env, name) ?? fallback);
  try {
    ensureDir(dir);
    accessSync(dir, constants.W_OK | constants.R_OK);
    // Not the pid alone: containers sharing a volume may all be pid 1.
    const probe = join(dir, `.write-probe-${process.pid}-${randomBytes(6).toString('hex')}`);
    writeFileSync(probe, 'ok', { flag: 'wx' });
    rmSync(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(name, `must be a writable directory (${code})`, dir);
  }
  return dir;
};

/** Reads and validates the configuration; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
  const role = oneOf(env, 'ROLE', ROLES, 'all');
  const host = present(env, 'HOST') ?? '127.0.0.1';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const eventStoreUrl = url(env, 'EVENTSTORE_URL', ['esdb:', 'esdb+discover:', 'kurrentdb:', 'kurrentdb+discover:', 'kurrent:']);
  const mongoUrl = url(env, 'MONGO_URL', ['mongodb:', 'mongodb+srv:']);
  const mongoDb = present(env, 'MONGO_DB') ?? 'kuaige';
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(mongoDb)) throw new ConfigError('MONGO_DB', 'must be 1-63 letters, digits, _ or -', mongoDb);
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  const logLevel = oneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info');
  const logFile = present(env, 'LOG_FILE') === undefined ? null : resolve(present(env, 'LOG_FILE')!);
  const dataDir = writableDir(env, 'DATA_DIR', 'data');
  const consoleDir = present(env, 'CONSOLE_DIR') === 'off' ? null : resolve(present(env, 'CONSOLE_DIR') ?? 'dist/frontend/browser');
  const corsOrigins = (present(env, 'CORS_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new ConfigError('CORS_ORIGINS', 'must be a comma-separated list of origins like https://host:port', origin);
  }
  const bodyLimitBytes = integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600);
  const blobMaxBytes = integer(env, 'BLOB_MAX_BYTES', 5 * 1_048_576, 1024, 104_857_600);
  const adminToken = present(env, 'ADMIN_TOKEN') ?? null;
  if (adminToken !== null && !/^[A-Za-z0-9._~+/=-]{32,256}$/.test(adminToken)) {
    throw new ConfigError('ADMIN_TOKEN', 'must be 32-256 characters of letters, digits and ._~+/=-');
  }
  if (role !== 'all') {
    // Embedded read models and the in-process job runner live inside one process: split across
    // processes, each would hold its own copy and the API would serve read models no projector fills
    // and enqueue jobs no worker sees. The embedded event store may be shared (see docs/operations.md).
    if (mongoUrl === null) {
      throw new ConfigError('MONGO_URL', `must be set when ROLE=${role}: embedded read models exist only inside one process; use ROLE=all or MongoDB`);
    }
    if (redisUrl === null) {
      throw new ConfigError('REDIS_URL', `must be set when ROLE=${role}: the in-process job runner exists only inside one process; use ROLE=all or Redis`);
    }
  }
  const trustedProxies = proxyList(env, 'TRUSTED_PROXIES');
  const demoData = oneOf(env, 'DEMO_DATA', ['on', 'off'] as const, 'off') === 'on';
  if (demoData && (nodeEnv === 'production' || role !== 'all')) {
    throw new ConfigError('DEMO_DATA', 'demo data is seeded only by one process with ROLE=all outside production');
  }
  // The SLA module reads its settings itself; checked here too, so a refused one stops start-up with one line.
  loadSlaSettings(env);
  return { nodeEnv, role, host, port, dataDir, eventStoreUrl, mongoUrl, mongoDb, redisUrl, logLevel, logFile, consoleDir, corsOrigins, bodyLimitBytes, blobMaxBytes, adminToken, trustedProxies, demoData };
}

/** Which parts of the product a role runs. */
export const roleRuns = (role: Role) => ({
  api: role === 'all' || role === 'api',
  projector: role === 'all' || role === 'projector',
  worker: role === 'all' || role === 'worker',
});
