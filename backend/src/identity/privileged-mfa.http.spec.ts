// Privileged roles require MFA: a durable reaction from tenancy's membership and operator staff events
// to the account, seen through GET /api/v1/me and sign-in: through tenancy's routes, and through the
// command side (AggregateStreams with the membership decider) for what the routes do not offer yet.
import { accountStream, membership, membershipStream, type MembershipCommand } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { Reactor, reactionCommandId } from '@kuaige/projections';
import { AggregateStreams, EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { ReactionRegistry } from '../event-sourcing/reaction-registry';
import { ReadSide } from '../event-sourcing/read-side';
import { bearer, login, PASSWORD, register, startIdentityApp, type IdentityApp } from './testing/identity-app';
import { privilegedRolesRequireMfa } from './reactions/privileged-roles-require-mfa';
import { MfaSetupRequired } from './application/auth.errors';
import { MfaGate } from './application/mfa-gate';
import { enterpriseWithAdmin, nationalRoot, nodeWithAdmin, staffOf } from '../tenancy/testing/tenancy-app';

const at = '2026-12-01T08:00:00.000Z';

describe('privileged roles require MFA', () => {
  let t: IdentityApp;
  let events: EventStore;
  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
  });
  afterAll(() => t.close());

  const membershipCommand = (command: MembershipCommand) =>
    t.app.get(AggregateStreams).handle(membershipStream(command.data.enterpriseId, command.data.userId), command, membership, { actor: { userId: command.data.userId }, tenantIds: [command.data.enterpriseId], jurisdiction: [] });
  /** Until the reactor has passed everything appended so far. */
  const reacted = async () => {
    const head = await events.headPosition();
    const reactor = t.app.get(ReadSide).reactor!;
    for (let i = 0; i < 1000; i++) {
      const status = (await reactor.status()).find((s) => s.name === privilegedRolesRequireMfa.name)!;
      expect(status.failure).toBeUndefined();
      if (status.position >= head) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the reactor did not reach position ${head}`);
  };
  const mfaOf = async (session: { accessToken: string }) => (await t.http().get('/api/v1/me').set(bearer(session)).expect(200)).body.mfa as { required: boolean; enabled: boolean };
  const requirementsOf = async (userId: string) =>
    (await events.readStream(accountStream(userId))).filter((e) => e.type.startsWith('MfaRequirement')).map((e) => ({ type: e.type, data: e.data, commandId: e.metadata.commandId }));

  it('gives the registrant of an enterprise the requirement, once, and asks for TOTP at sign-in', async () => {
    const founder = await register(t);
    const session = await login(t, founder.phone);
    expect(await mfaOf(session)).toEqual(expect.objectContaining({ required: false }));

    const admitted = await membershipCommand({ type: 'AdmitFounder', data: { enterpriseId: 'e-mfa-1', userId: founder.userId, registrantUserId: founder.userId, at } });
    const founderEvent = (await events.readStream(membershipStream('e-mfa-1', founder.userId))).find((e) => e.type === 'FounderAdmitted')!;
    expect(admitted.events.map((e) => e.type)).toEqual(['FounderAdmitted']);
    await reacted();

    expect(await mfaOf(session)).toEqual(expect.objectContaining({ required: true, enabled: false }));
    expect(await requirementsOf(founder.userId)).toEqual([
      {
        type: 'MfaRequirementImposed',
        data: { source: 'enterprise:e-mfa-1', reason: 'role:admin', at },
        commandId: reactionCommandId(privilegedRolesRequireMfa.name, founderEvent.eventId, 0),
      },
    ]);
    // What the permission guard asks before a privileged action.
    await expect(t.app.get(MfaGate).check(founder.userId)).rejects.toThrow(MfaSetupRequired);
    expect(new MfaSetupRequired().getResponse()).toEqual(expect.objectContaining({ statusCode: 403, errors: [expect.objectContaining({ field: 'mfa', rule: 'mfa-setup-required' })] }));
    const signIn = await t.http().post('/api/v1/auth/login').send({ phone: founder.phone, password: PASSWORD }).expect(200);
    expect(signIn.body).toEqual(expect.objectContaining({ mfaRequired: false, mfaEnrollmentRequired: true }));

    // Replayed from the start, the reaction issues the same command ids: the account records nothing twice.
    const replay = new Reactor({ events, reactions: [privilegedRolesRequireMfa], checkpoints: { load: async () => 0, save: async () => undefined }, dispatch: t.app.get(ReactionRegistry).dispatch });
    await replay.start();
    await replay.caughtUp;
    const replayed = (await replay.status())[0]!;
    expect([replayed.dispatched, replayed.duplicates, replayed.failure]).toEqual([1, 1, undefined]);
    await replay.stop();
    expect(await requirementsOf(founder.userId)).toHaveLength(1);

    // Leaving the enterprise lifts what it imposed.
    await membershipCommand({ type: 'LeaveEnterprise', data: { enterpriseId: 'e-mfa-1', userId: founder.userId, at } });
    await reacted();
    expect(await mfaOf(session)).toEqual(expect.objectContaining({ required: false }));
    expect((await requirementsOf(founder.userId)).map((r) => r.type)).toEqual(['MfaRequirementImposed', 'MfaRequirementLifted']);
  });

  it('requires MFA of whoever registers an enterprise or is appointed operator admin, over HTTP', async () => {
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const staff = await staffOf(t, guangdong.admin, guangdong.nodeId, ['operator-staff']);
    const acme = await enterpriseWithAdmin(t, '440305');
    await reacted();
    expect(await mfaOf(acme.admin)).toEqual(expect.objectContaining({ required: true }));
    expect(await mfaOf(guangdong.admin)).toEqual(expect.objectContaining({ required: true }));
    expect((await requirementsOf(guangdong.admin.userId)).map((r) => r.data)).toEqual([expect.objectContaining({ source: `operator-node:${guangdong.nodeId}`, reason: 'role:operator-admin' })]);
    // Not a privileged role (PRIVILEGED_ROLE_KEYS of @kuaige/tenancy).
    expect(await mfaOf(staff)).toEqual(expect.objectContaining({ required: false }));
  }, 60_000);

  it('requires MFA of a member approved as admin, not of a plain member', async () => {
    const admin = await register(t);
    const member = await register(t);
    const joiner = await register(t);
    await membershipCommand({ type: 'AdmitFounder', data: { enterpriseId: 'e-mfa-2', userId: admin.userId, registrantUserId: admin.userId, at } });
    for (const [user, roles] of [
      [member, ['member']],
      [joiner, ['member', 'admin']],
    ] as const) {
      await membershipCommand({ type: 'RequestToJoin', data: { enterpriseId: 'e-mfa-2', userId: user.userId, enterpriseStatus: 'approved', at } });
      await membershipCommand({ type: 'ApproveMembership', data: { enterpriseId: 'e-mfa-2', userId: user.userId, approvedBy: admin.userId, approverRoles: ['admin'], roles: [...roles], at } });
    }
    await reacted();
    expect(await requirementsOf(member.userId)).toEqual([]);
    expect(await mfaOf(await login(t, member.phone))).toEqual(expect.objectContaining({ required: false }));
    await expect(t.app.get(MfaGate).check(member.userId)).resolves.toBeUndefined();
    expect((await requirementsOf(joiner.userId)).map((r) => r.data)).toEqual([{ source: 'enterprise:e-mfa-2', reason: 'role:admin', at }]);
    expect(await mfaOf(await login(t, joiner.phone))).toEqual(expect.objectContaining({ required: true }));
  });
});
