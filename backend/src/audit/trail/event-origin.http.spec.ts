// "Where" of every business event (issue #12, item 1): a command sent by a request carries the client's
// address and user agent into its events' metadata, and the audit trail shows them. The address is the
// socket's, or X-Forwarded-For only as far as TRUSTED_PROXIES reach — a spoofed header is ignored.
import { randomUUID } from 'node:crypto';
import type { EventStore, RecordedEvent } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../../identity/testing/identity-app';
import { enterpriseWithAdmin, nationalRoot, nodeWithAdmin, staffOf, type Person } from '../../tenancy/testing/tenancy-app';

const AGENT = 'Mozilla/5.0 (origin-spec) KuaigeConsole/1.0';

/** Creates a department from `forwardedFor`, and answers the events the request appended. */
const createDepartment = async (t: IdentityApp, admin: Person, enterpriseId: string, forwardedFor: string): Promise<RecordedEvent[]> => {
  const store = t.app.get<EventStore>(EVENT_STORE);
  const head = await store.headPosition();
  await t
    .http()
    .post(`/api/v1/enterprises/${enterpriseId}/departments`)
    .set(bearer(admin))
    .set('Idempotency-Key', randomUUID())
    .set('user-agent', AGENT)
    .set('x-forwarded-for', forwardedFor)
    .send({ name: `维修部 ${randomUUID().slice(0, 6)}` })
    .expect(201);
  const appended: RecordedEvent[] = [];
  for await (const e of store.readAll({ after: head })) if (e.streamId.startsWith('Enterprise-') || e.type.startsWith('Department')) appended.push(e);
  return appended;
};

describe('the origin of business events', () => {
  describe('behind a trusted proxy', () => {
    let t: IdentityApp;
    let acme: { enterpriseId: string; admin: Person };
    let compliance: Person;

    beforeAll(async () => {
      // supertest connects from the loopback: here it is the trusted proxy.
      t = await startIdentityApp({ TRUSTED_PROXIES: '127.0.0.1,::1,::ffff:127.0.0.1' });
      const root = await nationalRoot(t);
      compliance = await staffOf(t, root.admin, root.nodeId, ['compliance']);
      const guangdong = await nodeWithAdmin(t, root.admin, '44');
      const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
      acme = await enterpriseWithAdmin(t, '440305', 'equipment-user');
      await t.http().post(`/api/v1/enterprises/${acme.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    }, 120_000);
    afterAll(() => t.close());

    it('writes the forwarded client address and the user agent into the event, and the audit entry shows both', async () => {
      const [event, ...more] = await createDepartment(t, acme.admin, acme.enterpriseId, '198.51.100.23');
      expect(more).toEqual([]);
      expect(event!.type).toBe('DepartmentCreated');
      expect(event!.metadata).toMatchObject({ actor: { userId: acme.admin.userId, ip: '198.51.100.23' }, origin: { ip: '198.51.100.23', userAgent: AGENT } });

      const entry = await t.http().get(`/api/v1/audit/entries/${event!.eventId}`).set(bearer(compliance)).expect(200);
      expect(entry.body.entry).toMatchObject({ type: 'DepartmentCreated', actor: acme.admin.userId, ip: '198.51.100.23', userAgent: AGENT });
      expect(entry.body.event.metadata.origin).toEqual({ ip: '198.51.100.23', userAgent: AGENT });
    });
  });

  describe('with no trusted proxy', () => {
    let t: IdentityApp;
    let acme: { enterpriseId: string; admin: Person };

    beforeAll(async () => {
      t = await startIdentityApp();
      const root = await nationalRoot(t);
      const guangdong = await nodeWithAdmin(t, root.admin, '44');
      const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
      acme = await enterpriseWithAdmin(t, '440305', 'equipment-user');
      await t.http().post(`/api/v1/enterprises/${acme.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    }, 120_000);
    afterAll(() => t.close());

    it('ignores a spoofed X-Forwarded-For: the address is the socket peer', async () => {
      const [event] = await createDepartment(t, acme.admin, acme.enterpriseId, '203.0.113.66');
      const origin = event!.metadata.origin!;
      expect(origin.userAgent).toBe(AGENT);
      expect(origin.ip).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
      expect(JSON.stringify(event!.metadata)).not.toContain('203.0.113.66');
    });
  });
});
