import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from '@nestjs/common';
import { declareRawRoutes } from '../http/raw-routes';

const API_PREFIXES = ['/api', '/graphql', '/health', '/ready', '/metrics'];

/** Serves the built Angular console from `dir`, with index.html for the console's own routes. */
export async function registerConsole(app: NestFastifyApplication, dir: string): Promise<void> {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('Console').warn(`console not served: ${index} does not exist (run the frontend build)`);
    return;
  }
  const html = readFileSync(index, 'utf8');
  const fastify = app.getHttpAdapter().getInstance();
  // The console is public: its files, and index.html at '/'; the API behind it declares its own access.
  declareRawRoutes(fastify, '/', { kind: 'public' });
  for (const entry of readdirSync(dir)) declareRawRoutes(fastify, `/${entry}/*`, { kind: 'public' });
  app.useStaticAssets({ root: dir, prefix: '/', wildcard: false, index: false, maxAge: '1h', immutable: false });
  fastify.get('/', (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html));
  // Deep links into the console (e.g. /status) get index.html; unknown API paths keep their 404.
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || API_PREFIXES.some((p) => request.url.startsWith(p))) return;
    const path = request.url.split('?')[0] ?? '/';
    if (path.includes('.') || path === '/') return;
    if (!String(request.headers.accept ?? '').includes('text/html')) return;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
}
