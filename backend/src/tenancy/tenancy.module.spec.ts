// The tenancy command side as Nest wires it: the module's handlers on the real CommandBus, the
// event-sourcing module's AggregateStreams over the embedded event store, and the read side
// projecting tenancy's read models.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  blob,
  blobStream,
  divisionClaimStream,
  enterpriseStream,
  IllegalTransition,
  membershipStream,
  operatorNodeStream,
  TenancyRuleViolation,
  usccClaimStream,
} from '@kuaige/domain';
import { type EventStore } from '@kuaige/eventsourcing';
import { publicRow, type ReadModelStore } from '@kuaige/projections';
import { loadConfig } from '../config/config';
import { ConfigModule } from '../config/config.module';
import { AggregateStreams, EVENT_STORE } from '../event-sourcing/aggregate-streams';
import type { BlobStore } from '../blobs/blob-store.port';
import { BLOB_STORE } from '../blobs/blobs.tokens';
import { pngFile } from '../blobs/testing/files';
import { EventSourcingModule } from '../event-sourcing/event-sourcing.module';
import { PROJECTIONS, READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { ReadSide } from '../event-sourcing/read-side';
import { PlatformModule } from '../platform/platform.module';
import { ApproveEnterprise, RegisterEnterprise, RejectEnterprise, ResubmitEnterprise } from './application/enterprise.commands';
import { AdmitFounder, ApproveMembership, RequestToJoin } from './application/membership.commands';
import { ClaimDivision, CreateOperatorNode, SuspendOperatorNode } from './application/operator-node.commands';
import { TENANCY_PROJECTIONS } from './read-models/tenancy.projections';
import { TenancyModule } from './tenancy.module';

const at = '2026-12-01T08:00:00.000Z';
// Published codes (tenancy/src/enterprises/uscc.spec.ts).
const TENCENT = '91440300708461136T';
const XIAOMI = '91110108551385082Q';
const BYD = '91440300192317458F';
const contacts = { phoneEncrypted: 'enc:v1:p', phoneIndex: 'IDX', email: null };
const principal = { name: '王敏', userId: null };
/** The business licence the registrants uploaded (POST /api/v1/blobs does the same). */
const LICENCE = pngFile(44);
const REGISTRANTS = ['u1', 'u6', 'u7'];
const context = (userId: string, commandId?: string) => ({
  actor: { userId },
  tenantIds: [],
  jurisdiction: [],
  ...(commandId ? { commandId } : {}),
});

describe('the tenancy module on the CommandBus', () => {
  let moduleRef: TestingModule;
  let bus: CommandBus;
  let events: EventStore;
  let store: ReadModelStore;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'kuaige-tenancy-')), LOG_LEVEL: 'silent' });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), PlatformModule, EventSourcingModule, TenancyModule],
    })
      // Only tenancy's projections: this spec reads no other read model.
      .overrideProvider(PROJECTIONS)
      .useValue(TENANCY_PROJECTIONS)
      .compile();
    await moduleRef.init();
    bus = moduleRef.get(CommandBus);
    events = moduleRef.get(EVENT_STORE);
    store = moduleRef.get(READ_MODEL_STORE);
    const stored = await moduleRef.get<BlobStore>(BLOB_STORE).put(LICENCE, 'image/png');
    for (const uploaderId of REGISTRANTS) {
      await moduleRef.get(AggregateStreams).handle(blobStream(stored.blobId), { type: 'StoreBlob', data: { ...stored, uploaderId, at } }, blob, context(uploaderId));
    }
  });
  afterAll(() => moduleRef.close());

  const typesIn = async (streamId: string) => (await events.readStream(streamId)).map((e) => e.type);
  /** Waits until the read side has projected everything appended so far. */
  const projected = async () => {
    const head = await events.headPosition();
    const projector = moduleRef.get(ReadSide).projector!;
    for (let i = 0; i < 500; i++) {
      if ((await projector.status()).every((s) => s.position >= head)) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the read side did not reach position ${head}`);
  };
  const rows = async (collection: string, filter: Record<string, unknown> = {}) =>
    (await store.collection(collection).find(filter)).map(publicRow).sort((a, b) => a._id.localeCompare(b._id));

  it('creates the operator tree, reading each parent node’s division from its stream', async () => {
    const create = (nodeId: string, divisionCode: string, parentNodeId: string | null) =>
      bus.execute(
        new CreateOperatorNode(nodeId, { divisionCode, parentNodeId, name: `云 ${divisionCode}`, principal, contacts, at }, context('ops')),
      );
    await create('n-cn', 'CN', null);
    await create('n-44', '44', 'n-cn');
    const city = await create('n-4403', '4403', 'n-44');
    expect(city.events).toEqual([
      expect.objectContaining({ type: 'OperatorNodeCreated', data: expect.objectContaining({ level: 'city', parentNodeId: 'n-44' }) }),
    ]);
    await expect(create('n-440305', '440305', 'n-44')).rejects.toThrow(TenancyRuleViolation);
    await expect(create('n-440305', '440305', 'n-unknown')).rejects.toThrow(expect.objectContaining({ rule: 'parent-required' }));
    expect(await typesIn(operatorNodeStream('n-440305'))).toEqual([]);
    // A refused node claims no division: the county's node can still be created under the city.
    expect(await typesIn(divisionClaimStream('440305'))).toEqual([]);
    // One node per division: a second node id for Shenzhen is refused; the same node is created once.
    await expect(create('n-4403-bis', '4403', 'n-44')).rejects.toThrow(expect.objectContaining({ rule: 'division-taken' }));
    expect(await typesIn(operatorNodeStream('n-4403-bis'))).toEqual([]);
    await expect(create('n-4403', '4403', 'n-44')).rejects.toThrow(IllegalTransition);
    // An existing node asked to be created again for another division claims nothing.
    await expect(create('n-4403', '4401', 'n-44')).rejects.toThrow(IllegalTransition);
    expect(await typesIn(divisionClaimStream('4401'))).toEqual([]);
    expect(await typesIn(divisionClaimStream('4403'))).toEqual(['DivisionClaimed']);
    // A creation interrupted after its claim: the node that holds the claim is still created.
    await bus.execute(new ClaimDivision({ divisionCode: '440305', nodeId: 'n-440305', at }, context('ops')));
    expect((await create('n-440305', '440305', 'n-4403')).events.map((e) => e.type)).toEqual(['OperatorNodeCreated']);
    expect(await typesIn(divisionClaimStream('440305'))).toEqual(['DivisionClaimed']);

    await projected();
    expect((await rows('operator_nodes')).map((r) => [r._id, r['level'], (r['scope'] as { regions: string[] }).regions])).toEqual([
      ['n-44', 'province', ['44', 'CN']],
      ['n-4403', 'city', ['4403', '44', 'CN']],
      ['n-440305', 'county', ['440305', '4403', '44', 'CN']],
      ['n-cn', 'national', ['CN']],
    ]);
  });

  const registration = {
    type: 'service-provider' as const,
    name: '深圳快修服务有限公司',
    uscc: '914403001922038216',
    address: { countyCode: '440305', line: '科技园 1 号' },
    licence: { blobId: createHash('sha256').update(LICENCE).digest('hex'), mediaType: 'image/png', size: LICENCE.length },
    parentEnterpriseId: null,
    registrantUserId: 'u1',
    at,
  };

  it('registers an enterprise with its registrant as first admin; a retried request writes nothing twice', async () => {
    const first = await bus.execute(new RegisterEnterprise('e1', registration, context('u1', 'register-e1-0001')));
    expect(first.events.map((e) => e.type)).toEqual(['EnterpriseRegistered']);
    const again = await bus.execute(new RegisterEnterprise('e1', registration, context('u1', 'register-e1-0001')));
    expect(again.duplicate).toBe(true);
    expect(await typesIn(enterpriseStream('e1'))).toEqual(['EnterpriseRegistered']);
    expect(await typesIn(membershipStream('e1', 'u1'))).toEqual(['FounderAdmitted']);
    // Only the registrant the enterprise's stream names is its founder.
    await expect(bus.execute(new AdmitFounder({ enterpriseId: 'e1', userId: 'u9', at }, context('u9')))).rejects.toThrow(
      expect.objectContaining({ rule: 'founder-is-registrant' }),
    );
    await expect(bus.execute(new RegisterEnterprise('e2', { ...registration, uscc: '914403001922038217' }, context('u1')))).rejects.toThrow(
      expect.objectContaining({ rule: 'uscc-check', field: 'uscc' }),
    );
  });

  it('registers only with a licence its registrant uploaded, as declared; a refused registration claims nothing', async () => {
    const refusal = (licence: object, registrantUserId = 'u1') =>
      bus.execute(new RegisterEnterprise('e8', { ...registration, uscc: BYD, registrantUserId, licence: { ...registration.licence, ...licence } }, context(registrantUserId)));
    await expect(refusal({ blobId: '0'.repeat(64) })).rejects.toThrow(expect.objectContaining({ rule: 'licence-blob-uploaded', field: 'licence.blobId' }));
    // u8 uploaded no such file: someone else's upload is no licence of theirs.
    await expect(refusal({}, 'u8')).rejects.toThrow(expect.objectContaining({ rule: 'licence-blob-uploaded', field: 'licence.blobId' }));
    await expect(refusal({ mediaType: 'application/pdf' })).rejects.toThrow(expect.objectContaining({ rule: 'licence-blob-media-type', field: 'licence.mediaType' }));
    await expect(refusal({ size: LICENCE.length + 1 })).rejects.toThrow(expect.objectContaining({ rule: 'licence-blob-size', field: 'licence.size' }));
    expect(await typesIn(enterpriseStream('e8'))).toEqual([]);
    expect(await typesIn(usccClaimStream(BYD))).toEqual([]);
  });

  it('holds one enterprise per unified social credit code, through registration and resubmission', async () => {
    await expect(bus.execute(new RegisterEnterprise('e5', registration, context('u5')))).rejects.toThrow(
      expect.objectContaining({ rule: 'uscc-taken', field: 'uscc' }),
    );
    expect(await typesIn(enterpriseStream('e5'))).toEqual([]);
    expect(await typesIn(membershipStream('e5', 'u5'))).toEqual([]);
    // A registered enterprise registered again by another request claims no other code.
    await expect(bus.execute(new RegisterEnterprise('e1', { ...registration, uscc: BYD }, context('u1')))).rejects.toThrow(
      IllegalTransition,
    );
    expect(await typesIn(usccClaimStream(BYD))).toEqual([]);

    await bus.execute(new RegisterEnterprise('e6', { ...registration, uscc: TENCENT, registrantUserId: 'u6' }, context('u6')));
    await bus.execute(new RejectEnterprise('e6', { reviewerNodeId: 'n-4403', opinion: '执照模糊', at }, context('ops')));
    const { parentEnterpriseId: _p, registrantUserId: _r, ...submission } = registration;
    await expect(bus.execute(new ResubmitEnterprise('e6', submission, context('u6')))).rejects.toThrow(
      expect.objectContaining({ rule: 'uscc-taken' }),
    );
    const resubmit = new ResubmitEnterprise('e6', { ...submission, uscc: XIAOMI }, context('u6', 'resubmit-e6-0001'));
    await bus.execute(resubmit);
    // The same request again: answered from its events, nothing appended anywhere.
    expect((await bus.execute(resubmit)).duplicate).toBe(true);
    expect(await typesIn(enterpriseStream('e6'))).toEqual(['EnterpriseRegistered', 'EnterpriseRejected', 'EnterpriseResubmitted']);
    expect(await typesIn(usccClaimStream(TENCENT))).toEqual(['UsccClaimed', 'UsccReleased']);
    expect(await typesIn(usccClaimStream(XIAOMI))).toEqual(['UsccClaimed']);
    // The code the resubmission gave up is free again.
    await bus.execute(new RegisterEnterprise('e7', { ...registration, uscc: TENCENT, registrantUserId: 'u7' }, context('u7')));
    expect(await typesIn(enterpriseStream('e7'))).toEqual(['EnterpriseRegistered']);
  });

  it('is reviewed by the operator of its city only, whose division the handler reads from the node', async () => {
    await expect(bus.execute(new ApproveEnterprise('e1', { reviewerNodeId: 'n-44', at }, context('ops')))).rejects.toThrow(
      expect.objectContaining({ rule: 'reviewer-jurisdiction' }),
    );
    await expect(bus.execute(new RejectEnterprise('e1', { reviewerNodeId: 'n-4403', opinion: ' ', at }, context('ops')))).rejects.toThrow(
      expect.objectContaining({ rule: 'opinion-required' }),
    );
    await bus.execute(new ApproveEnterprise('e1', { reviewerNodeId: 'n-4403', opinion: '资料齐全', at }, context('ops')));
    await bus.execute(new SuspendOperatorNode('n-cn', { reason: '演练', actingNodeId: null, at }, context('ops')));
    expect(await typesIn(enterpriseStream('e1'))).toEqual(['EnterpriseRegistered', 'EnterpriseApproved']);

    await projected();
    expect(await rows('enterprises', { _id: 'e1' })).toEqual([
      expect.objectContaining({
        _id: 'e1',
        scope: { tenants: ['e1'], regions: ['440305', '4403', '44', 'CN'] },
        status: 'approved',
        review: { reviewerNodeId: 'n-4403', opinion: '资料齐全', at, outcome: 'approved' },
      }),
    ]);
  });

  it('admits a joining user only by an admin, whose roles the handler reads from the admin’s membership', async () => {
    // The handler reads the enterprise's status: no requests to an enterprise that does not exist.
    await expect(bus.execute(new RequestToJoin({ enterpriseId: 'e-none', userId: 'u2', at }, context('u2')))).rejects.toThrow(
      expect.objectContaining({ rule: 'enterprise-not-approved' }),
    );
    await expect(
      bus.execute(new RegisterEnterprise('e3', { ...registration, parentEnterpriseId: 'e-none' }, context('u1'))),
    ).rejects.toThrow(expect.objectContaining({ rule: 'parent-enterprise-unknown' }));
    expect(
      (await bus.execute(new RegisterEnterprise('e4', { ...registration, uscc: BYD, parentEnterpriseId: 'e1' }, context('u1')))).events,
    ).toHaveLength(1);
    await bus.execute(new RequestToJoin({ enterpriseId: 'e1', userId: 'u2', at }, context('u2')));
    await expect(
      bus.execute(new ApproveMembership({ enterpriseId: 'e1', userId: 'u2', approvedBy: 'u3', roles: ['member'], at }, context('u3'))),
    ).rejects.toThrow(expect.objectContaining({ rule: 'admin-required' }));
    await bus.execute(
      new ApproveMembership({ enterpriseId: 'e1', userId: 'u2', approvedBy: 'u1', roles: ['member'], at }, context('u1')),
    );
    expect(await typesIn(membershipStream('e1', 'u2'))).toEqual(['JoinRequested', 'MembershipApproved']);
    // Every tenancy event carries the tenant and jurisdiction it belongs to, whatever the caller said.
    const metadata = async (streamId: string) =>
      (await events.readStream(streamId)).map((e) => [e.metadata.tenantIds, e.metadata.jurisdiction]);
    const shenzhen = ['440305', '4403', '44', 'CN'];
    expect(await metadata(membershipStream('e1', 'u2'))).toEqual([
      [['e1'], shenzhen],
      [['e1'], shenzhen],
    ]);
    expect(await metadata(membershipStream('e1', 'u1'))).toEqual([[['e1'], shenzhen]]);
    expect(await metadata(enterpriseStream('e1'))).toEqual([
      [['e1'], shenzhen],
      [['e1'], shenzhen],
    ]);
    expect(await metadata(operatorNodeStream('n-4403'))).toEqual([[[], ['4403', '44', 'CN']]]);

    await projected();
    expect(await rows('memberships', { _id: { $in: ['u1', 'u2'] } })).toEqual([
      {
        _id: 'u1',
        scope: { tenants: ['e1', 'e4'], regions: [] },
        enterprises: [
          { enterpriseId: 'e1', status: 'active', roles: ['admin'], since: at },
          { enterpriseId: 'e4', status: 'active', roles: ['admin'], since: at },
        ],
      },
      {
        _id: 'u2',
        scope: { tenants: ['e1'], regions: [] },
        enterprises: [{ enterpriseId: 'e1', status: 'active', roles: ['member'], since: at }],
      },
    ]);
  });
});

// Every command of domain/src/tenancy has its handler on the CommandBus (like identity's command-side spec).
describe('the tenancy command side', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? sources(join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')
          ? [readFileSync(join(dir, e.name), 'utf8')]
          : [],
    );
  const domainCommands = sources(join(__dirname, '../../../domain/src/tenancy')).flatMap((s) =>
    [...s.matchAll(/\bCommand<\s*'(\w+)'/g)].map((m) => m[1]!),
  );
  const handled = new Set(sources(__dirname).flatMap((s) => [...s.matchAll(/@CommandHandler\((\w+)\)/g)].map((m) => m[1]!)));

  it('has a @CommandHandler for every command of domain/src/tenancy', () => {
    expect(domainCommands.length).toBe(35);
    expect(domainCommands.filter((c) => !handled.has(c))).toEqual([]);
  });
});
