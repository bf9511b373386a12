// The chat benchmark's client side, in a process of its own (so that the product's event loop is not
// the one parsing a thousand streams): opens the SSE connections it is told to, counts the chat
// messages each receives and how long each took from the poster's send to here.
import { SseClient } from '../../backend/src/expert-help/testing/sse-client';

interface Connect {
  readonly type: 'connect';
  readonly streams: readonly { readonly url: string; readonly token: string }[];
}
interface Report {
  readonly type: 'report';
}
type Order = Connect | Report | { readonly type: 'peek' } | { readonly type: 'stop' };

const now = () => performance.timeOrigin + performance.now();
const clients: SseClient[] = [];
let latencies: number[] = [];
let deliveries = 0;
let firstAt = 0;
let lastAt = 0;

const send = (message: unknown) => process.send!(message);

process.on('message', async (order: Order) => {
  if (order.type === 'connect') {
    const started = now();
    // In batches, as a crowd of browsers would arrive, not all in one tick.
    for (let i = 0; i < order.streams.length; i += 50) {
      const batch = await Promise.all(order.streams.slice(i, i + 50).map((s) => SseClient.open(s.url, s.token, { keep: false })));
      for (const c of batch) {
        if (c.status !== 200) throw new Error(`a stream answered ${c.status}`);
        c.onEvent = (e) => {
          if (e.event !== 'message') return;
          const text = (e.data as { text?: string | null }).text ?? '';
          const match = /^bench (\d+(?:\.\d+)?)$/.exec(text);
          if (!match) return;
          const at = now();
          deliveries++;
          if (firstAt === 0) firstAt = at;
          lastAt = at;
          latencies.push(at - Number(match[1]));
        };
        clients.push(c);
      }
    }
    send({ type: 'ready', connectMs: now() - started, open: clients.filter((c) => !c.closed).length });
  } else if (order.type === 'peek') {
    send({ type: 'peek', deliveries });
  } else if (order.type === 'report') {
    send({ type: 'report', deliveries, latencies, firstAt, lastAt, open: clients.filter((c) => !c.closed).length });
    latencies = [];
    deliveries = 0;
    firstAt = 0;
    lastAt = 0;
  } else {
    for (const c of clients) c.close();
    process.exit(0);
  }
});
