import 'reflect-metadata';
import { join } from 'node:path';
import { ConfigError, loadConfig, roleRuns, type AppConfig } from './config/config';
import { ADMIN_TOKEN_FILE } from './admin/admin-token';
import { createApp } from './app.factory';
import { DEMO_PASSWORD, seedDemoData, type DemoAccount } from './demo/demo-data';

const demoBanner = (accounts: readonly DemoAccount[]): string[] => [
  `Demo accounts (password ${DEMO_PASSWORD}; sign in, then pick where you act in the top bar):`,
  ...accounts.map((a) => `  ${a.phone}  ${a.name}  ${a.as}`),
];

// One write, so that whoever waits for the banner reads all of it at once.
const banner = (...messages: string[]): void => {
  process.stdout.write(messages.map((msg) => JSON.stringify({ level: 30, time: Date.now(), msg }) + '\n').join(''));
};

// The token itself stays out of the log: logs travel further than the data directory.
const outboxHint = (config: AppConfig, origin: string): string => {
  const token = config.adminToken ? 'the ADMIN_TOKEN value' : `the admin token from ${join(config.dataDir, ADMIN_TOKEN_FILE)}`;
  return config.consoleDir
    ? `Development SMS outbox: open ${origin}/dev/sms-outbox in the console and paste ${token}`
    : `Development SMS outbox: GET ${origin}/api/v1/dev/sms-outbox with Authorization: Bearer <${token}>`;
};

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`kuaige: configuration error: ${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const origin = `http://${config.host}:${port}`;
  const outbox = config.nodeEnv !== 'production' && roleRuns(config.role).api ? [outboxHint(config, origin)] : [];
  const demo = config.demoData ? demoBanner(await seedDemoData(app)) : [];
  banner(`Kuaige Service Cloud (${config.role}) listening on ${origin}`, ...outbox, ...demo);
}

main().catch((e: Error) => {
  process.stderr.write(`kuaige: start-up failed: ${e.message}\n`);
  process.exit(1);
});
