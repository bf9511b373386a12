// The compiled product as a separate process on a data directory: started, waited for, killed.
// Shared by the crash harness and the HTTP load test, which must see the product as an operator runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, __dirname.includes(`${join('dist', 'server')}`) ? '../../../..' : '../..');
export const PRODUCT_MAIN = join(REPO_ROOT, 'dist/server/backend/src/main.js');
export const PRODUCT_CLI = join(REPO_ROOT, 'dist/server/backend/src/cli/main.js');

/** Limits high enough that a harness driving many sign-ins from 127.0.0.1 never meets them. */
export const ROOMY_LIMITS: Readonly<Record<string, string>> = {
  AUTH_RATE_LIMIT_PER_MINUTE: '100000',
  LOGIN_ATTEMPTS_PER_IP: '100000',
  SMS_CODES_PER_IP_PER_HOUR: '100000',
  GRAPHQL_REQUESTS_PER_MINUTE: '1000000',
};

export interface ProductOptions {
  readonly dataDir: string;
  /** Operations token, also sent to the development SMS outbox (which may sit behind it). */
  readonly adminToken: string;
  /** stdout and stderr of every start are appended here. */
  readonly logFile: string;
  /** The script to run instead of the product's main (the harness's own fixtures). */
  readonly entry?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** One run of the product; `start` again after `kill` for the next run on the same data directory. */
export class ProductProcess {
  private child: ChildProcess | null = null;
  private log: WriteStream;
  baseUrl = '';
  starts = 0;

  constructor(private readonly options: ProductOptions) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    this.log = createWriteStream(options.logFile, { flags: 'a' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process on a free port and resolves once /ready answers 200 (read models caught up). */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child) throw new Error('the product is already running');
    this.starts++;
    const child = spawn(process.execPath, [this.options.entry ?? PRODUCT_MAIN], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: this.options.dataDir,
        CONSOLE_DIR: 'off',
        LOG_LEVEL: 'info',
        ADMIN_TOKEN: this.options.adminToken,
        ...ROOMY_LIMITS,
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stderr!.pipe(this.log, { end: false });
    const listening = new Promise<string>((resolveUrl, reject) => {
      let buffered = '';
      const timer = setTimeout(() => reject(new Error(`the product did not start within ${timeoutMs} ms (see ${this.options.logFile})`)), timeoutMs);
      child.stdout!.on('data', (chunk: Buffer) => {
        this.log.write(chunk);
        buffered += chunk.toString('utf8');
        const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(buffered);
        if (match) {
          clearTimeout(timer);
          buffered = '';
          resolveUrl(match[1]!);
        } else if (buffered.length > 100_000) buffered = buffered.slice(-1000);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the product exited during start-up (code ${code}, signal ${signal}; see ${this.options.logFile})`));
      });
    });
    this.baseUrl = await listening;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = await fetch(`${this.baseUrl}/ready`).then((r) => r.status === 200, () => false);
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`/ready did not answer 200 within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** kill -9: no shutdown hook runs, nothing is flushed that was not already durable. */
  kill(): Promise<void> {
    return this.stopWith('SIGKILL');
  }

  /** A graceful stop (SIGTERM), for the end of a run. */
  stop(): Promise<void> {
    return this.stopWith('SIGTERM');
  }

  async close(): Promise<void> {
    if (this.child) await this.kill();
    await new Promise<void>((r) => this.log.end(r));
  }

  private async stopWith(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    await exited;
  }
}
