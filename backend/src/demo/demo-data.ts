import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { NATIONAL, usccCheckCharacter } from '@kuaige/tenancy';
import { UploadBlob } from '../blobs/blobs.commands';
import { ClientCommand } from '../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { Accounts } from '../identity/application/accounts';
import { Register } from '../identity/application/registration';
import type { Caller } from '../identity/application/session-control';
import { RequestSmsCode } from '../identity/application/sms-requests';
import { Clock } from '../identity/clock';
import { SMS_SENDER } from '../identity/identity.tokens';
import { PersonalData } from '../identity/personal-data';
import { ReadModelFreshness } from '../identity/read-models/read-model-freshness';
import { seedDemoKnowledge } from '../knowledge/demo-knowledge';
import { DevelopmentSmsOutbox } from '../identity/sms/development-sms-outbox';
import { ApproveEnterprise, RegisterEnterprise } from '../tenancy/application/enterprise.commands';
import { ApproveMembership, RequestToJoin } from '../tenancy/application/membership.commands';
import { CreateOperatorNode } from '../tenancy/application/operator-node.commands';
import { AppointOperatorStaff } from '../tenancy/application/operator-staff.commands';
import { encryptedContacts } from '../tenancy/api/operator-contacts';
import { DEMO_PASSWORD } from './demo-password';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import type { AnchorEnterprise } from './demo-world';
import { generateWorkOrderDemo, readGenerationRecord } from './work-order-demo';
import { seedDemoFeeSchedules } from '../settlements/demo/demo-fee-schedules';
import { seedDemoExpert } from '../expert-help/demo/demo-expert';

// ---- Demo data for `./run start`: a slice of the operator tree, one enterprise of each kind, people --
//
// Seeded once per data directory (skipped when the national node exists), through the same commands
// the API sends, so every row is what the product itself would have recorded. Only outside
// production, and only with the development SMS outbox (registration proves each number by its code).
// Then a small generated world (work-order-demo.ts) around these enterprises: devices and work orders.

export { DEMO_PASSWORD };

export interface DemoAccount {
  readonly phone: string;
  readonly name: string;
  /** Who the person is, as the banner prints it. */
  readonly as: string;
}

interface DemoPerson extends DemoAccount {
  userId: string;
}

const NODES = [
  { code: NATIONAL, name: '快格总运营商', admin: { phone: '13800000001', name: '王总', as: '总运营商 · 运营管理员' } },
  { code: '44', name: '广东云台', admin: { phone: '13800000002', name: '李广东', as: '广东云台 · 运营管理员' } },
  { code: '4403', name: '深圳云站', admin: { phone: '13800000003', name: '张深圳', as: '深圳云站 · 运营管理员（审核深圳企业）' } },
  { code: '440305', name: '南山云点', admin: { phone: '13800000004', name: '陈南山', as: '南山云点 · 运营管理员（只见南山区）' } },
  { code: '4401', name: '广州云站', admin: { phone: '13800000005', name: '刘广州', as: '广州云站 · 运营管理员' } },
  { code: '33', name: '浙江云台', admin: { phone: '13800000006', name: '赵浙江', as: '浙江云台 · 运营管理员' } },
] as const;

const COMPLIANCE = { phone: '13800000009', name: '周合规', as: '总运营商 · 合规审计' };
/** A certified expert with a published tariff, whom the demo engineer can ask for help (EXP-1). */
const EXPERT = { phone: '13800000017', name: '何专家', as: '认证专家 · 数控系统（每次 ¥200）' };

const ENTERPRISES = [
  {
    type: 'manufacturer',
    name: '深圳快格数控机床有限公司',
    county: '440305',
    line: '科技园南区 8 号',
    admin: { phone: '13800000011', name: '吴制造', as: '设备制造商 · 企业管理员' },
    members: [],
  },
  {
    type: 'equipment-user',
    name: '深圳南山精密电子有限公司',
    county: '440305',
    line: '西丽工业区 3 栋',
    admin: { phone: '13800000012', name: '郑用户', as: '设备使用企业 · 企业管理员' },
    members: [{ phone: '13800000015', name: '孙员工', as: '设备使用企业 · 普通员工', roles: ['member'] }],
  },
  {
    type: 'service-provider',
    name: '深圳快修维保服务有限公司',
    county: '440304',
    line: '深南大道 1001 号',
    admin: { phone: '13800000013', name: '冯服务', as: '维保服务商 · 企业管理员' },
    members: [{ phone: '13800000014', name: '钱工程师', as: '维保服务商 · 工程师', roles: ['engineer'] }],
  },
  {
    // Left waiting, so that the Shenzhen reviewer finds something in the review queue.
    type: 'equipment-user',
    name: '深圳福田设备租赁有限公司',
    county: '440304',
    line: '福华路 88 号',
    admin: { phone: '13800000016', name: '林待审', as: '待审核企业 · 注册人（深圳云站审核）' },
    members: [],
    pending: true,
  },
] as const;

const demoPdf = (title: string) => Buffer.from(`%PDF-1.4\n% ${title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');

/** Seeds the demo data unless it is there; returns the demo accounts (also when seeded before). */
export async function seedDemoData(app: INestApplication): Promise<DemoAccount[]> {
  const store = app.get<ReadModelStore>(READ_MODEL_STORE);
  const freshness = app.get(ReadModelFreshness);
  const accounts: DemoAccount[] = [
    ...NODES.map((n) => n.admin),
    COMPLIANCE,
    EXPERT,
    ...ENTERPRISES.flatMap((e) => [e.admin, ...e.members.map(({ roles: _roles, ...m }) => m)]),
  ];
  await freshness.caughtUp(['operator_nodes']);
  if (await store.collection('operator_nodes').findOne({ $and: [{ divisionCode: NATIONAL }, visibleRows] })) {
    await seedDemoWorkOrders(app);
    return accounts;
  }

  const bus = app.get(CommandBus);
  const clock = app.get(Clock);
  const personal = app.get(PersonalData);
  const outbox = app.get(SMS_SENDER);
  if (!(outbox instanceof DevelopmentSmsOutbox)) throw new Error('demo data needs the development SMS outbox');
  const ip = '127.0.0.1';
  const system = { userId: 'demo-seed', ip };
  const context = (step: string) => ClientCommand.fresh().context(step, system, clock.now());
  const at = () => clock.now().toISOString();

  const people = new Map<string, DemoPerson>();
  const person = async (who: DemoAccount): Promise<DemoPerson> => {
    const known = people.get(who.phone);
    if (known) return known;
    const existing = await app.get(Accounts).userIdByMobileIndex(personal.mobileIndex(who.phone));
    let userId = existing;
    if (userId === null) {
      await bus.execute(new RequestSmsCode(who.phone, 'register', ip, ClientCommand.fresh()));
      const code = /\d{6}/.exec(outbox.list().find((m) => m.to === who.phone)?.text ?? '')?.[0];
      if (!code) throw new Error(`no registration code reached ${who.phone}`);
      ({ userId } = await bus.execute(new Register({ phone: who.phone, smsCode: code, password: DEMO_PASSWORD, displayName: who.name }, ip, ClientCommand.fresh())));
    }
    const created = { ...who, userId: userId! };
    people.set(who.phone, created);
    return created;
  };
  const callerOf = (p: DemoPerson): Caller => ({ userId: p.userId, sessionId: 'demo-seed', ip, userAgent: 'demo-seed', steppedUpUntil: null, context: null });

  const nodeIds = new Map<string, string>();
  for (const node of NODES) {
    const admin = await person(node.admin);
    const nodeId = `demo-node-${node.code}`;
    const parentCode = node.code === NATIONAL ? null : node.code.length === 2 ? NATIONAL : node.code.slice(0, node.code.length - 2);
    await bus.execute(
      new CreateOperatorNode(
        nodeId,
        {
          divisionCode: node.code,
          parentNodeId: parentCode === null ? null : nodeIds.get(parentCode)!,
          name: node.name,
          principal: { name: node.admin.name, userId: admin.userId },
          contacts: encryptedContacts(personal, nodeId, node.admin.phone, null),
          at: at(),
        },
        context(`node-${node.code}`),
      ),
    );
    nodeIds.set(node.code, nodeId);
    await bus.execute(new AppointOperatorStaff({ nodeId, userId: admin.userId, roles: ['operator-admin'], appointedBy: 'demo-seed', at: at() }, context(`staff-${node.code}`)));
  }
  const compliance = await person(COMPLIANCE);
  await bus.execute(
    new AppointOperatorStaff({ nodeId: nodeIds.get(NATIONAL)!, userId: compliance.userId, roles: ['compliance'], appointedBy: 'demo-seed', at: at() }, context('staff-compliance')),
  );

  let serial = 0;
  for (const e of ENTERPRISES) {
    const admin = await person(e.admin);
    const caller = callerOf(admin);
    const licence = await bus.execute(new UploadBlob(caller, demoPdf(`营业执照 ${e.name}`), 'application/pdf', ClientCommand.fresh()));
    const enterpriseId = `demo-enterprise-${++serial}`;
    const first17 = `91${e.county}MA5DKG${String(serial).padStart(3, '0')}`;
    await bus.execute(
      new RegisterEnterprise(
        enterpriseId,
        {
          type: e.type,
          name: e.name,
          uscc: first17 + usccCheckCharacter(first17),
          address: { countyCode: e.county, line: e.line },
          licence: { blobId: licence.blobId, mediaType: licence.mediaType, size: licence.size },
          parentEnterpriseId: null,
          registrantUserId: admin.userId,
          at: at(),
        },
        { ...context(`enterprise-${serial}`), actor: { userId: admin.userId, ip } },
      ),
    );
    if ('pending' in e) continue;
    // Reviewed by the city operator of its county, as every enterprise is.
    await bus.execute(new ApproveEnterprise(enterpriseId, { reviewerNodeId: nodeIds.get('4403')!, opinion: '演示数据：材料齐全', at: at() }, context(`approve-${serial}`)));
    for (const m of e.members) {
      const member = await person(m);
      await bus.execute(new RequestToJoin({ enterpriseId, userId: member.userId, at: at() }, { ...context(`join-${m.phone}`), actor: { userId: member.userId, ip } }));
      await bus.execute(new ApproveMembership({ enterpriseId, userId: member.userId, approvedBy: admin.userId, roles: [...m.roles], at: at() }, context(`admit-${m.phone}`)));
    }
  }
  const expert = await person(EXPERT);
  await seedDemoExpert(app, callerOf(expert), { userId: (await person(NODES[2].admin)).userId, operatorNodeId: nodeIds.get('4403')!, ip });
  await freshness.caughtUp(['operator_nodes', 'operator_staff', 'enterprises', 'memberships']);
  // Fee schedules before the orders, so that the evaluated ones are settled at these prices.
  await seedDemoFeeSchedules(app, await Promise.all(NODES.map(async (n) => ({ code: n.code, nodeId: nodeIds.get(n.code)!, adminUserId: (await person(n.admin)).userId }))));
  await seedDemoWorkOrders(app);
  return accounts;
}

/** How many work orders `./run start` writes around the demo accounts. */
export const DEMO_WORK_ORDERS = 200;
/** The seed of that small world (the CLI's default seed is 1: another world, with other enterprises). */
export const DEMO_SEED = 2026;

/**
 * The small demo world on top of the demo accounts: its first manufacturer, equipment user and
 * service provider are the ones seeded above, so that their people sign in to devices and work orders
 * in every state. Written once per data directory (the generator records it there).
 */
async function seedDemoWorkOrders(app: INestApplication): Promise<void> {
  await seedDemoKnowledge(app);
  const personal = app.get(PersonalData);
  const accounts = app.get(Accounts);
  const config = app.get<AppConfig>(APP_CONFIG);
  if (readGenerationRecord(config.dataDir)?.completed) return;
  const anchor = async (index: number, engineers: readonly DemoAccount[] = []): Promise<AnchorEnterprise> => {
    const e = ENTERPRISES[index]!;
    const personOf = async (a: DemoAccount) => ({ phone: a.phone, name: a.name, userId: (await accounts.userIdByMobileIndex(personal.mobileIndex(a.phone)))! });
    return { id: `demo-enterprise-${index + 1}`, countyCode: e.county, admin: await personOf(e.admin), engineers: await Promise.all(engineers.map(personOf)) };
  };
  await generateWorkOrderDemo(app, config.dataDir, {
    workOrders: DEMO_WORK_ORDERS,
    seed: DEMO_SEED,
    anchors: { manufacturer: await anchor(0), equipmentUser: await anchor(1), provider: await anchor(2, ENTERPRISES[2].members) },
  });
}
