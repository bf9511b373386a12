// The organisation commands (departments, roles, member roles and overrides) as Nest wires them: the
// tenancy module's handlers on the real CommandBus over the embedded event store, and the read side
// projecting the read models the handlers count from.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { blob, blobStream, departmentsStream, membershipStream } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { publicRow, type ReadModelStore } from '@kuaige/projections';
import { loadConfig } from '../config/config';
import { ConfigModule } from '../config/config.module';
import { AggregateStreams, EVENT_STORE } from '../event-sourcing/aggregate-streams';
import type { BlobStore } from '../blobs/blob-store.port';
import { BLOB_STORE } from '../blobs/blobs.tokens';
import { pngFile } from '../blobs/testing/files';
import { EventSourcingModule } from '../event-sourcing/event-sourcing.module';
import { PROJECTIONS, READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { ReadModelFreshness } from '../identity/read-models/read-model-freshness';
import { PlatformModule } from '../platform/platform.module';
import { ApproveEnterprise, RegisterEnterprise } from './application/enterprise.commands';
import {
  ApproveMembership,
  ChangeMemberRoles,
  LeaveEnterprise,
  RemoveMember,
  RequestToJoin,
  SetPermissionOverrides,
} from './application/membership.commands';
import { CreateOperatorNode } from './application/operator-node.commands';
import {
  AssignMemberDepartment,
  ChangeEnterpriseRolePermissions,
  CreateDepartment,
  DefineEnterpriseRole,
  DeleteDepartment,
  DeleteEnterpriseRole,
} from './application/organisation.commands';
import { TENANCY_PROJECTIONS } from './read-models/tenancy.projections';
import { TenancyModule } from './tenancy.module';

const at = '2026-12-01T08:00:00.000Z';
const enterpriseId = 'e-org';
const context = (userId: string, commandId?: string) => ({
  actor: { userId },
  tenantIds: [],
  jurisdiction: [],
  ...(commandId ? { commandId } : {}),
});

describe('the organisation commands on the CommandBus', () => {
  let moduleRef: TestingModule;
  let licenceRef: { blobId: string; mediaType: string; size: number };
  let bus: CommandBus;
  let events: EventStore;
  let store: ReadModelStore;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'kuaige-org-')), LOG_LEVEL: 'silent' });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), PlatformModule, EventSourcingModule, TenancyModule],
    })
      .overrideProvider(PROJECTIONS)
      .useValue(TENANCY_PROJECTIONS)
      .compile();
    await moduleRef.init();
    bus = moduleRef.get(CommandBus);
    events = moduleRef.get(EVENT_STORE);
    store = moduleRef.get(READ_MODEL_STORE);
    // The registrant's uploaded licence: registration checks it through the blob store.
    const licence = await moduleRef.get<BlobStore>(BLOB_STORE).put(pngFile(44), 'image/png');
    await moduleRef
      .get(AggregateStreams)
      .handle(blobStream(licence.blobId), { type: 'StoreBlob', data: { ...licence, uploaderId: 'boss', at: new Date().toISOString() } }, blob, context('boss'));
    licenceRef = { blobId: licence.blobId, mediaType: licence.mediaType, size: licence.size };

    const contacts = { phoneEncrypted: 'enc:v1:p', phoneIndex: 'IDX', email: null };
    const principal = { name: '王敏', userId: null };
    for (const [nodeId, divisionCode, parentNodeId] of [
      ['n-cn', 'CN', null],
      ['n-44', '44', 'n-cn'],
      ['n-4403', '4403', 'n-44'],
    ] as const)
      await bus.execute(
        new CreateOperatorNode(nodeId, { divisionCode, parentNodeId, name: divisionCode, principal, contacts, at }, context('ops')),
      );
    await bus.execute(
      new RegisterEnterprise(
        enterpriseId,
        {
          type: 'service-provider',
          name: '深圳快修服务有限公司',
          uscc: '914403001922038216',
          address: { countyCode: '440305', line: '科技园 1 号' },
          licence: licenceRef,
          parentEnterpriseId: null,
          registrantUserId: 'boss',
          at,
        },
        context('boss'),
      ),
    );
    await bus.execute(new ApproveEnterprise(enterpriseId, { reviewerNodeId: 'n-4403', at }, context('ops')));
    for (const userId of ['amy', 'bob']) {
      await bus.execute(new RequestToJoin({ enterpriseId, userId, at }, context(userId)));
      await bus.execute(new ApproveMembership({ enterpriseId, userId, approvedBy: 'boss', roles: ['member'], at }, context('boss')));
    }
  });
  afterAll(() => moduleRef.close());

  const typesIn = async (streamId: string) => (await events.readStream(streamId)).map((e) => e.type);
  const pair = (userId: string) => ({ enterpriseId, userId });

  it('keeps the last admin: the founder can neither drop the role nor leave until another member is admin', async () => {
    await expect(
      bus.execute(new ChangeMemberRoles({ ...pair('boss'), changedBy: 'boss', roles: ['member'], at }, context('boss'))),
    ).rejects.toThrow(expect.objectContaining({ rule: 'last-admin', field: 'roles' }));
    await expect(bus.execute(new LeaveEnterprise({ ...pair('boss'), at }, context('boss')))).rejects.toThrow(
      expect.objectContaining({ rule: 'last-admin' }),
    );
    await bus.execute(new ChangeMemberRoles({ ...pair('amy'), changedBy: 'boss', roles: ['admin'], at }, context('boss')));
    await bus.execute(new ChangeMemberRoles({ ...pair('boss'), changedBy: 'boss', roles: ['member'], at }, context('boss')));
    expect(await typesIn(membershipStream(enterpriseId, 'boss'))).toEqual(['FounderAdmitted', 'MemberRolesChanged']);
    // Roles are those the enterprise knows: built-in keys and its own custom roles.
    await expect(
      bus.execute(new ChangeMemberRoles({ ...pair('bob'), changedBy: 'amy', roles: ['ghost'], at }, context('amy'))),
    ).rejects.toThrow(expect.objectContaining({ rule: 'unknown-role', field: 'roles.0' }));
  });

  it('refuses to delete a custom role while a member holds it', async () => {
    const roleId = 'r-dispatcher';
    await bus.execute(
      new DefineEnterpriseRole(
        { enterpriseId, roleId, name: '调度员', description: '', permissions: ['work-order:dispatch'], at },
        context('amy'),
      ),
    );
    await expect(
      bus.execute(
        new DefineEnterpriseRole(
          { enterpriseId, roleId: 'admin', name: '假管理员', description: '', permissions: ['member:read'], at },
          context('amy'),
        ),
      ),
    ).rejects.toThrow(expect.objectContaining({ rule: 'built-in-role' }));
    await expect(
      bus.execute(new ChangeEnterpriseRolePermissions({ enterpriseId, roleId, permissions: ['work-order:fly'], at }, context('amy'))),
    ).rejects.toThrow(expect.objectContaining({ rule: 'unknown-permission', field: 'permissions.0' }));
    await bus.execute(new ChangeMemberRoles({ ...pair('bob'), changedBy: 'amy', roles: ['member', roleId], at }, context('amy')));
    await expect(bus.execute(new DeleteEnterpriseRole({ enterpriseId, roleId, at }, context('amy')))).rejects.toThrow(
      expect.objectContaining({ rule: 'role-in-use' }),
    );
    await bus.execute(new ChangeMemberRoles({ ...pair('bob'), changedBy: 'amy', roles: ['member'], at }, context('amy')));
    expect((await bus.execute(new DeleteEnterpriseRole({ enterpriseId, roleId, at }, context('amy')))).events.map((e) => e.type)).toEqual([
      'EnterpriseRoleDeleted',
    ]);
  });

  it('takes a departing member out of its department, so the department can be deleted', async () => {
    await bus.execute(
      new CreateDepartment(
        { enterpriseId, departmentId: 'd-repair', name: '维修部', parentId: null, responsibilities: '', at },
        context('amy'),
      ),
    );
    await bus.execute(new AssignMemberDepartment({ ...pair('bob'), departmentId: 'd-repair', at }, context('amy')));
    await expect(
      bus.execute(new AssignMemberDepartment({ ...pair('nobody'), departmentId: 'd-repair', at }, context('amy'))),
    ).rejects.toThrow(expect.objectContaining({ rule: 'member-not-active' }));
    await expect(bus.execute(new DeleteDepartment({ enterpriseId, departmentId: 'd-repair', at }, context('amy')))).rejects.toThrow(
      expect.objectContaining({ rule: 'department-not-empty' }),
    );
    const removal = new RemoveMember({ ...pair('bob'), removedBy: 'amy', reason: '离职', at }, context('amy', 'remove-bob-0001'));
    await bus.execute(removal);
    // The same request again appends nothing anywhere.
    const head = await events.headPosition();
    expect((await bus.execute(removal)).duplicate).toBe(true);
    expect(await events.headPosition()).toBe(head);
    expect(await typesIn(departmentsStream(enterpriseId))).toEqual([
      'DepartmentCreated',
      'MemberDepartmentChanged',
      'MemberDepartmentChanged',
    ]);
    await bus.execute(new DeleteDepartment({ enterpriseId, departmentId: 'd-repair', at }, context('amy')));
    expect((await events.readStream(departmentsStream(enterpriseId))).map((e) => e.metadata.tenantIds)).toEqual([
      [enterpriseId],
      [enterpriseId],
      [enterpriseId],
      [enterpriseId],
    ]);
  });

  it('sets a member’s overrides by an admin, and the memberships read model carries them for the ability', async () => {
    const deny = { permission: 'department:read', effect: 'deny' as const };
    await expect(
      bus.execute(new SetPermissionOverrides({ ...pair('boss'), setBy: 'boss', overrides: [deny], at }, context('boss'))),
    ).rejects.toThrow(expect.objectContaining({ rule: 'admin-required', field: 'setBy' }));
    await bus.execute(new SetPermissionOverrides({ ...pair('boss'), setBy: 'amy', overrides: [deny], at }, context('amy')));
    await moduleRef.get(ReadModelFreshness).caughtUp(['memberships']);
    const row = publicRow((await store.collection('memberships').findOne({ _id: 'boss' }))!);
    expect(row['enterprises']).toEqual([expect.objectContaining({ enterpriseId, roles: ['member'], overrides: [deny] })]);
  });
});
