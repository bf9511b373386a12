import { SmtpTestServer } from '../testing/smtp-test-server';
import { SmtpEmailSender } from './email-sender';

describe('e-mail over SMTP with nodemailer, against a real SMTP peer', () => {
  let server: SmtpTestServer;
  let sender: SmtpEmailSender;

  beforeEach(async () => {
    server = new SmtpTestServer();
    await server.start();
    sender = new SmtpEmailSender({ url: server.url, from: '快鸽服务云 <noreply@kuaige.test>', timeoutMs: 5_000 });
  });

  afterEach(async () => {
    sender.close();
    await server.stop();
  });

  it('delivers a Chinese subject and body with the derived Message-ID', async () => {
    await sender.send({ to: 'engineer@example.com', subject: '新任务 WO-20261201-0001', text: '设备 A 的维修已派给您，请及时接受。', messageId: '<n1.email@kuaige.test>' });
    expect(server.received).toHaveLength(1);
    const [mail] = server.received;
    expect(mail!.from).toBe('noreply@kuaige.test');
    expect(mail!.to).toEqual(['engineer@example.com']);
    expect(mail!.messageId).toBe('<n1.email@kuaige.test>');
    expect(mail!.subject).toBe('新任务 WO-20261201-0001');
  });

  it('rejects when the server refuses the message, so that the delivery is retried', async () => {
    server.refuseNextWith('451 4.3.0 try again later');
    await expect(sender.send({ to: 'a@example.com', subject: 's', text: 't', messageId: '<n2.email@kuaige.test>' })).rejects.toThrow(/451/);
    expect(server.received).toHaveLength(0);
    await sender.send({ to: 'a@example.com', subject: 's', text: 't', messageId: '<n2.email@kuaige.test>' });
    expect(server.received.map((m) => m.messageId)).toEqual(['<n2.email@kuaige.test>']);
  });
});
