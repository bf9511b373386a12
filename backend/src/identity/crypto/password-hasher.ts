import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../../config/config';
import { argon2id, type Argon2idInput, type Argon2Params } from './argon2id';
import { parseKeyList, type KeyList } from './key-list';
import { formatPhc, parsePhc, PEPPER_ID, type Argon2idHash } from './phc';

/** OWASP ASVS 5.0 / OWASP password storage minimum for argon2id: 46 MiB, 1 pass, 1 lane. */
export const ARGON2_FLOOR: Argon2Params = Object.freeze({ memoryKiB: 47_104, passes: 1, parallelism: 1 });
/**
 * The most a stored hash may ask for. A hash string written by someone else (a bad import, a
 * tampered row) must not make one login allocate gigabytes or run for seconds.
 */
export const ARGON2_CEILING: Argon2Params = Object.freeze({ memoryKiB: 262_144, passes: 10, parallelism: 8 });

const SALT_BYTES = 16;
const TAG_BYTES = 32;
/** Far above any passphrase (ASVS asks for at least 64 characters); bounds request-driven work. */
export const MAX_PASSWORD_BYTES = 4096;

export interface PasswordHasherOptions {
  /** Costs of new hashes; each at or above ARGON2_FLOOR and at most ARGON2_CEILING. */
  readonly params?: Argon2Params;
  /** Server-side peppers (argon2 `secret`); the current one peppers new hashes. */
  readonly peppers?: KeyList | null;
  /** argon2 runs at once at most; keeps libuv threads free for file and DNS work. Default 2. */
  readonly maxConcurrent?: number;
  /** Calls waiting beyond that fail fast with PasswordHasherBusyError. Default 64. */
  readonly maxQueued?: number;
  /** The argon2id primitive; tests pass a recording wrapper to prove which work each path does. */
  readonly argon2?: (input: Argon2idInput) => Promise<Buffer>;
}

/** Configured costs outside [ARGON2_FLOOR, ARGON2_CEILING]. */
export class PasswordHashParamsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PasswordHashParamsError';
  }
}

/** A password this hasher will not hash (too long, or not valid Unicode). */
export class UnacceptablePasswordError extends Error {
  constructor(reason: string) {
    super(`password not accepted: ${reason}`);
    this.name = 'UnacceptablePasswordError';
  }
}

/** A stored hash names a pepper this server does not have: a configuration fault, not a wrong password. */
export class UnknownPepperError extends Error {
  constructor(readonly pepperId: string) {
    super(`password hash was made with pepper "${pepperId}", which is not configured (PASSWORD_PEPPERS)`);
    this.name = 'UnknownPepperError';
  }
}

/** Too many password checks are already waiting; answer 503/429 rather than queue without end. */
export class PasswordHasherBusyError extends Error {
  constructor() {
    super('too many password checks in progress; try again shortly');
    this.name = 'PasswordHasherBusyError';
  }
}

const checkParams = (p: Argon2Params): Argon2Params => {
  for (const name of ['memoryKiB', 'passes', 'parallelism'] as const) {
    const v = p[name];
    if (!Number.isSafeInteger(v) || v < ARGON2_FLOOR[name] || v > ARGON2_CEILING[name]) {
      throw new PasswordHashParamsError(
        `argon2 ${name} must be an integer from ${ARGON2_FLOOR[name]} to ${ARGON2_CEILING[name]} (got ${v})`,
      );
    }
  }
  return Object.freeze({ ...p });
};

// Stored hashes older or foreign than ours may be weaker (then rehashed on login) but never costlier.
const storedHashIsSane = (h: Argon2idHash): boolean =>
  h.params.passes >= 1 &&
  h.params.parallelism >= 1 &&
  h.params.memoryKiB >= 8 * h.params.parallelism &&
  h.params.memoryKiB <= ARGON2_CEILING.memoryKiB &&
  h.params.passes <= ARGON2_CEILING.passes &&
  h.params.parallelism <= ARGON2_CEILING.parallelism &&
  h.salt.length >= 8 &&
  h.salt.length <= 64 &&
  h.hash.length >= 16 &&
  h.hash.length <= 64;

/** Bounds how many argon2 computations (46+ MiB each) run at once. */
class Gate {
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  constructor(
    private readonly max: number,
    private readonly maxQueued: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#active < this.max) this.#active++;
    else if (this.#waiting.length >= this.maxQueued) throw new PasswordHasherBusyError();
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiting caller, or is freed when nobody waits.
      const next = this.#waiting.shift();
      if (next) {
        next();
      } else {
        this.#active--;
      }
    }
  }
}

/** Hashes and verifies passwords as argon2id PHC strings. */
export class PasswordHasher {
  readonly params: Argon2Params;
  readonly #peppers: ReadonlyMap<string, Buffer>;
  readonly #currentPepperId: string | null;
  readonly #gate: Gate;
  readonly #dummy: { salt: Buffer; hash: Buffer };
  readonly #argon2: (input: Argon2idInput) => Promise<Buffer>;

  constructor(options: PasswordHasherOptions = {}) {
    this.params = checkParams(options.params ?? ARGON2_FLOOR);
    // Copied, so that the caller zeroing or reusing its buffers cannot change our peppers.
    this.#peppers = new Map([...(options.peppers?.keys ?? [])].map(([id, key]) => [id, Buffer.from(key)]));
    this.#currentPepperId = options.peppers?.currentId ?? null;
    for (const id of this.#peppers.keys()) {
      if (!PEPPER_ID.test(id)) throw new PasswordHashParamsError(`pepper id "${id}" must match ${PEPPER_ID}`);
    }
    if (this.#currentPepperId !== null && !this.#peppers.has(this.#currentPepperId)) {
      throw new PasswordHashParamsError(`current pepper "${this.#currentPepperId}" is not among the peppers`);
    }
    const maxConcurrent = options.maxConcurrent ?? 2;
    const maxQueued = options.maxQueued ?? 64;
    if (!Number.isSafeInteger(maxConcurrent) || maxConcurrent < 1 || !Number.isSafeInteger(maxQueued) || maxQueued < 0) {
      throw new PasswordHashParamsError('maxConcurrent must be an integer ≥ 1 and maxQueued an integer ≥ 0');
    }
    this.#gate = new Gate(maxConcurrent, maxQueued);
    this.#dummy = { salt: randomBytes(SALT_BYTES), hash: randomBytes(TAG_BYTES) };
    this.#argon2 = options.argon2 ?? argon2id;
  }

  /** Hashes a new password with fresh salt, the current costs and the current pepper. */
  async hash(password: string): Promise<string> {
    const message = this.#encode(password);
    if (message === null) throw new UnacceptablePasswordError(`must be valid Unicode text of at most ${MAX_PASSWORD_BYTES} UTF-8 bytes`);
    const salt = randomBytes(SALT_BYTES);
    const pepperId = this.#currentPepperId;
    const hash = await this.#derive(message, salt, this.params, TAG_BYTES, pepperId);
    return formatPhc({ params: this.params, pepperId, salt, hash });
  }

  /**
   * True when the password matches. A stored string that is malformed or asks for absurd costs gives
   * false (logged by the caller as data corruption), never an exception a client could trigger.
   * Throws UnknownPepperError, since every login would otherwise fail as "wrong password".
   */
  async verify(password: string, phc: string): Promise<boolean> {
    let stored: Argon2idHash;
    try {
      stored = parsePhc(phc);
    } catch {
      return false;
    }
    if (!storedHashIsSane(stored)) return false;
    const message = this.#encode(password);
    if (message === null) return this.dummyVerify();
    const tag = await this.#derive(message, stored.salt, stored.params, stored.hash.length, stored.pepperId);
    return timingSafeEqual(tag, stored.hash);
  }

  /**
   * Costs what verify costs at the current parameters and returns false: call it for an unknown
   * account, or one without a password, so response time does not tell which accounts exist.
   */
  async dummyVerify(password = ''): Promise<false> {
    const message = Buffer.from(password.slice(0, MAX_PASSWORD_BYTES).normalize('NFKC'), 'utf8');
    const tag = await this.#derive(message, this.#dummy.salt, this.params, TAG_BYTES, this.#currentPepperId);
    timingSafeEqual(tag, this.#dummy.hash);
    return false;
  }

  /** True when a stored hash is weaker than what hash() makes now, or uses another pepper: rehash after a successful login. */
  needsRehash(phc: string): boolean {
    let stored: Argon2idHash;
    try {
      stored = parsePhc(phc);
    } catch {
      return true;
    }
    return (
      stored.params.memoryKiB < this.params.memoryKiB ||
      stored.params.passes < this.params.passes ||
      stored.salt.length < SALT_BYTES ||
      stored.hash.length < TAG_BYTES ||
      stored.pepperId !== this.#currentPepperId
    );
  }

  toJSON(): object {
    return { params: this.params, pepperIds: [...this.#peppers.keys()], currentPepperId: this.#currentPepperId };
  }

  // NFKC so that full-width and half-width forms typed through Chinese input methods are one password.
  #encode(password: string): Buffer | null {
    if (typeof password !== 'string' || !password.isWellFormed()) return null;
    const bytes = Buffer.from(password.normalize('NFKC'), 'utf8');
    return bytes.length <= MAX_PASSWORD_BYTES ? bytes : null;
  }

  #derive(message: Buffer, salt: Buffer, params: Argon2Params, tagLength: number, pepperId: string | null): Promise<Buffer> {
    let secret: Buffer | undefined;
    if (pepperId !== null) {
      secret = this.#peppers.get(pepperId);
      if (secret === undefined) throw new UnknownPepperError(pepperId);
    }
    return this.#gate.run(() => this.#argon2({ password: message, salt, params, tagLength, secret }));
  }
}

type Env = Record<string, string | undefined>;

const envInteger = (env: Env, name: string, fallback: number, min: number, max: number): number => {
  const v = env[name]?.trim();
  if (v === undefined || v === '') return fallback;
  if (!/^\d{1,10}$/.test(v) || Number(v) < min || Number(v) > max)
    throw new ConfigError(name, `must be an integer from ${min} to ${max}`, v);
  return Number(v);
};

/**
 * Hasher options from the environment: PASSWORD_ARGON2_MEMORY_KIB / _PASSES / _PARALLELISM (each
 * ASVS floor..ceiling), PASSWORD_PEPPERS (`id:base64,...`, first current; unset = no pepper) and
 * PASSWORD_HASH_CONCURRENCY (1-16). Throws ConfigError naming the variable.
 */
export const passwordHasherOptionsFromEnv = (env: Env = process.env): PasswordHasherOptions => {
  const params = {
    memoryKiB: envInteger(env, 'PASSWORD_ARGON2_MEMORY_KIB', ARGON2_FLOOR.memoryKiB, ARGON2_FLOOR.memoryKiB, ARGON2_CEILING.memoryKiB),
    passes: envInteger(env, 'PASSWORD_ARGON2_PASSES', ARGON2_FLOOR.passes, ARGON2_FLOOR.passes, ARGON2_CEILING.passes),
    parallelism: envInteger(
      env,
      'PASSWORD_ARGON2_PARALLELISM',
      ARGON2_FLOOR.parallelism,
      ARGON2_FLOOR.parallelism,
      ARGON2_CEILING.parallelism,
    ),
  };
  const peppersText = env.PASSWORD_PEPPERS?.trim();
  const peppers = peppersText
    ? parseKeyList('PASSWORD_PEPPERS', peppersText, { id: PEPPER_ID, idRule: '1-8 letters, digits, _ or -', minBytes: 32, maxBytes: 64 })
    : null;
  const maxConcurrent = envInteger(env, 'PASSWORD_HASH_CONCURRENCY', 2, 1, 16);
  return { params, peppers, maxConcurrent };
};
