import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { aliyunSignature } from '../channels/aliyun-sms';

export interface AcceptedSms {
  readonly outId: string;
  readonly phone: string;
  readonly templateCode: string;
  readonly templateParam: string;
}

/**
 * Aliyun's SendSms endpoint as a test peer for the Aliyun adapter: checks the signature with the
 * shared secret, answers `{ Code: 'OK' }`, and counts a message as sent only once it has answered.
 * `hold()` delays the answers, so that a test can kill the sender while its message is in flight.
 */
export class AliyunSmsTestServer {
  readonly accepted: AcceptedSms[] = [];
  readonly refused: string[] = [];
  inFlight = 0;
  private holding = false;
  private server: Server | null = null;
  private readonly held: Array<{ release: () => void; response: ServerResponse }> = [];
  port = 0;

  constructor(private readonly accessKeySecret: string) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const parameters = Object.fromEntries(url.searchParams.entries());
      const { Signature, ...signed } = parameters;
      if (Signature !== aliyunSignature('GET', signed, this.accessKeySecret)) {
        this.refused.push('signature');
        return this.answer(response, 400, { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' });
      }
      const accept = () => {
        if (response.destroyed || response.socket?.destroyed) return;
        this.accepted.push({ outId: parameters['OutId'] ?? '', phone: parameters['PhoneNumbers'] ?? '', templateCode: parameters['TemplateCode'] ?? '', templateParam: parameters['TemplateParam'] ?? '' });
        this.answer(response, 200, { Code: 'OK', Message: 'OK', BizId: `biz-${this.accepted.length}`, RequestId: `req-${this.accepted.length}` });
      };
      if (!this.holding) return accept();
      this.inFlight++;
      let settled = false;
      const release = () => {
        if (settled) return;
        settled = true;
        this.inFlight--;
        accept();
      };
      // A sender that goes away before the answer did not get its message sent.
      response.on('close', () => {
        if (settled) return;
        settled = true;
        this.inFlight--;
      });
      this.held.push({ release, response });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  hold(): void {
    this.holding = true;
  }

  /** Answers the held requests and later ones again. */
  release(): void {
    this.holding = false;
    for (const { release } of this.held.splice(0)) release();
  }

  /** Closes the held requests unanswered (their sender is gone) and answers later ones again. */
  dropHeld(): void {
    this.holding = false;
    for (const { response } of this.held.splice(0)) response.socket?.destroy();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answer(response: ServerResponse, status: number, body: object): void {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }
}
