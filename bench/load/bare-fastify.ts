// The HTTP ceiling of this machine: a bare Fastify route answering a small JSON body, run as its own
// process exactly as the product is (same Node, same start-up line, same /ready), no Nest, no plugins.
import Fastify from 'fastify';

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ ok: true, at: Date.now() }));
  app.get('/ready', async () => ({ status: 'ok' }));
  await app.listen({ port: Number(process.env['PORT'] ?? 0), host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`bare fastify listening on http://127.0.0.1:${port}\n`);
}

void main();
