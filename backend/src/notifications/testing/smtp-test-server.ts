import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A message as the server accepted it (answered 250 to its data). */
export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly data: string;
  readonly messageId: string | null;
  readonly subject: string | null;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=), as mail clients show a subject. */
export const decodeHeader = (value: string): string =>
  value.replace(/\s*=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, encoding: string, text: string) =>
    encoding.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
  );

const header = (data: string, name: string): string | null => {
  const head = data.split(/\r\n\r\n/)[0] ?? '';
  // Folded header lines continue with whitespace.
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  const line = unfolded.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line === undefined ? null : line.slice(name.length + 1).trim();
};

/**
 * A small SMTP server (RFC 5321's EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for tests: a real
 * protocol peer for nodemailer. A message counts as received only once the server has answered 250
 * to its data — which `hold()` delays, so that a test can kill the sender while its message is in flight.
 */
export class SmtpTestServer {
  readonly received: ReceivedMail[] = [];
  /** Messages whose data arrived while held: not accepted, dropped when their connection closes. */
  inFlight = 0;
  private server: Server | null = null;
  private holding = false;
  private refuseNext: string | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly heldSockets = new Set<Socket>();
  private readonly waiters: Array<() => void> = [];

  port = 0;

  async start(port = 0): Promise<void> {
    this.server = createServer((socket) => this.session(socket));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Stops answering message data: senders wait for the 250 that would make their message received. */
  hold(): void {
    this.holding = true;
  }

  /** Answers held and later messages again. */
  release(): void {
    this.holding = false;
  }

  /**
   * Drops the held messages unanswered (closing their connections: their sender is gone, or will take
   * the close as a failure) and answers later ones again.
   */
  dropHeld(): void {
    for (const socket of this.heldSockets) socket.destroy();
    this.heldSockets.clear();
    this.holding = false;
  }

  /** Answers the next message's data with this reply instead of 250 (e.g. `451 4.3.0 try again later`). */
  refuseNextWith(reply: string): void {
    this.refuseNext = reply;
  }

  /** Resolves when a message's data arrives (accepted or held). */
  nextData(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  private session(socket: Socket): void {
    this.sockets.add(socket);
    socket.setEncoding('utf8');
    let buffer = '';
    let from = '';
    let to: string[] = [];
    let inData = false;
    let data = '';
    let heldHere = 0;
    const reply = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };
    socket.on('close', () => {
      this.sockets.delete(socket);
      // A message whose 250 never went out was not received: its sender will try again.
      this.inFlight -= heldHere;
    });
    socket.on('error', () => undefined);
    reply('220 kuaige-test ESMTP');
    const accept = (message: ReceivedMail) => {
      if (this.refuseNext) {
        const refusal = this.refuseNext;
        this.refuseNext = null;
        reply(refusal);
        return;
      }
      this.received.push(message);
      reply('250 2.0.0 queued');
    };
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          data += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          const raw = data.replace(/^\r\n/, '').replace(/\r\n\.\./g, '\r\n.');
          const message: ReceivedMail = { from, to, data: raw, messageId: header(raw, 'Message-ID'), subject: ((s) => (s === null ? null : decodeHeader(s)))(header(raw, 'Subject')) };
          data = '';
          for (const wake of this.waiters.splice(0)) wake();
          if (this.holding) {
            heldHere++;
            this.inFlight++;
            this.heldSockets.add(socket);
            const wait = setInterval(() => {
              if (socket.destroyed) return clearInterval(wait);
              if (this.holding) return;
              clearInterval(wait);
              this.heldSockets.delete(socket);
              heldHere--;
              this.inFlight--;
              accept(message);
            }, 10);
          } else accept(message);
          continue;
        }
        const end = buffer.indexOf('\r\n');
        if (end < 0) return;
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-kuaige-test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 PIPELINING');
        else if (verb === 'HELO') reply('250 kuaige-test');
        else if (verb === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          to = [];
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          data = '';
          reply('354 end with <CRLF>.<CRLF>');
          // The terminator may follow at once; let the loop look for it in what is buffered.
          buffer = `\r\n${buffer}`;
        } else if (verb === 'RSET') {
          from = '';
          to = [];
          reply('250 2.0.0 ok');
        } else if (verb === 'NOOP') reply('250 2.0.0 ok');
        else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
        } else reply('502 5.5.2 command not implemented');
      }
    });
  }
}
