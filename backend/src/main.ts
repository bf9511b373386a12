import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { createApp } from './app.factory';

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
  process.stdout.write(
    JSON.stringify({ level: 30, time: Date.now(), msg: `Kuaige Service Cloud (${config.role}) listening on http://${config.host}:${port}` }) + '\n',
  );
}

main().catch((e: Error) => {
  process.stderr.write(`kuaige: start-up failed: ${e.message}\n`);
  process.exit(1);
});
