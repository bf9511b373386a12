import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { Logger } from '@nestjs/common';
import { declareRawRoutes } from '../http/raw-routes';

const API_PREFIXES = ['/api', '/graphql', '/health', '/ready', '/metrics'];
const ROOT_TAG = /<kg-root(?=[\s>])/;

/** @fastify/helmet with enableCSPNonces decorates each reply with its nonces. */
type NoncedReply = FastifyReply & { cspNonce?: { script: string; style: string } };

/** Serves the built Angular console from `dir`, with index.html for the console's own routes. */
export async function registerConsole(app: NestFastifyApplication, dir: string): Promise<void> {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('Console').warn(`console not served: ${index} does not exist (run the frontend build)`);
    return;
  }
  const html = readFileSync(index, 'utf8');
  if (!ROOT_TAG.test(html)) new Logger('Console').warn(`${index} has no <kg-root>: the console's styles will be refused by the CSP`);
  // Angular adds component styles as <style> elements at run time; the policy admits them by this
  // response's nonce, which Angular reads from ngCspNonce on the root element.
  const page = (reply: FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(html.replace(ROOT_TAG, `<kg-root ngCspNonce="${(reply as NoncedReply).cspNonce?.style ?? ''}"`));
  const fastify = app.getHttpAdapter().getInstance();
  // The console is public: its files, and index.html at '/'; the API behind it declares its own access.
  declareRawRoutes(fastify, '/', { kind: 'public' });
  for (const entry of readdirSync(dir)) declareRawRoutes(fastify, `/${entry}/*`, { kind: 'public' });
  app.useStaticAssets({ root: dir, prefix: '/', wildcard: false, index: false, maxAge: '1h', immutable: false });
  fastify.get('/', (_req, reply) => page(reply));
  // Deep links into the console (e.g. /status) get index.html; unknown API paths keep their 404.
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || API_PREFIXES.some((p) => request.url.startsWith(p))) return;
    const path = request.url.split('?')[0] ?? '/';
    if (path.includes('.') || path === '/') return;
    if (!String(request.headers.accept ?? '').includes('text/html')) return;
    return page(reply);
  });
}
