import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { KnowledgeContent, Party } from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { Accounts } from '../identity/application/accounts';
import { Clock } from '../identity/clock';
import { PersonalData } from '../identity/personal-data';
import { ReadModelFreshness } from '../identity/read-models/read-model-freshness';
import { ApproveKnowledgeEntry, DraftKnowledgeEntry, PublishKnowledgeEntry, ProposeKnowledgeEntry } from './application/knowledge.commands';
import { KNOWLEDGE_ENTRIES_COLLECTION } from './read-models/knowledge.projections';

// ---- The demo world's knowledge base: a handful of published repair plans ---------------------------
// Written by the demo service provider's engineer (钱工程师), reviewed and published by its admin
// (冯服务): the review's four eyes. Command ids derive from the entry and the step, so a second start
// appends nothing.

const PROVIDER = 'demo-enterprise-3';
const ENGINEER_PHONE = '13800000014';
const ADMIN_PHONE = '13800000013';

export const DEMO_KNOWLEDGE: readonly KnowledgeContent[] = [
  {
    title: '立式加工中心主轴异响的排查与轴承更换',
    deviceType: 'cnc-machine',
    faultType: 'abnormal-noise',
    models: ['VMC-850', 'VMC-1060'],
    symptom: '主轴在 6000 转以上运转时发出尖锐异响，振动值超过 4.5 mm/s',
    cause: '主轴前轴承磨损、预紧力下降，润滑脂老化',
    steps: ['停机断电并挂牌上锁', '拆下主轴护罩与拉刀机构，检查轴承游隙', '更换前端角接触球轴承（成对），按 120 N·m 预紧', '加注主轴专用润滑脂', '低速磨合 30 分钟后逐级升速，复测振动值'],
    parts: [{ name: '角接触球轴承 7014C', quantity: 2, unit: '个' }, { name: '主轴润滑脂', quantity: 1, unit: '支' }],
    tools: ['拉马', '扭力扳手', '测振仪'],
    images: [],
  },
  {
    title: '数控系统报警 ALM-401 伺服未就绪的处理',
    deviceType: 'cnc-machine',
    faultType: 'control-system',
    models: ['VMC-850'],
    symptom: '开机后系统报警 ALM-401，各轴无法回零',
    cause: '伺服驱动器主电源接触器未吸合，或急停回路断开',
    steps: ['检查急停按钮与门限位开关是否复位', '测量驱动器主电源输入电压', '检查 MCC 接触器线圈与触点', '复位报警后依次回零'],
    parts: [{ name: '交流接触器 LC1D25', quantity: 1, unit: '个' }],
    tools: ['万用表', '螺丝刀套装'],
    images: [],
  },
  {
    title: '注塑机液压系统漏油的处理',
    deviceType: 'injection-molding',
    faultType: 'leakage',
    models: ['HX-2800'],
    symptom: '液压站油管接头处渗油，油位持续下降',
    cause: '接头 O 型密封圈老化、接头松动',
    steps: ['停机泄压，确认系统压力为零', '拆下渗漏接头，清洁密封面', '更换 O 型密封圈并按规定力矩紧固', '补充液压油至标准油位，开机保压检查'],
    parts: [{ name: 'O 型密封圈 25×3.1', quantity: 4, unit: '个' }, { name: '46# 抗磨液压油', quantity: 20, unit: '升' }],
    tools: ['开口扳手', '扭力扳手', '接油盘'],
    images: [],
  },
  {
    title: '螺杆空压机排气温度高报警停机',
    deviceType: 'air-compressor',
    faultType: 'overheating',
    models: ['GA-37'],
    symptom: '控制器显示排气温度高（超过 105℃）并停机',
    cause: '油冷却器堵塞、润滑油不足或温控阀失效',
    steps: ['检查油位，不足时补加专用空压机油', '用压缩空气反吹清洁油冷却器', '检查温控阀动作是否正常', '更换油过滤器后试机，观察排气温度'],
    parts: [{ name: '油过滤器', quantity: 1, unit: '个' }, { name: '空压机专用油', quantity: 5, unit: '升' }],
    tools: ['气枪', '红外测温枪'],
    images: [],
  },
  {
    title: '空压机压力上不去的排查',
    deviceType: 'air-compressor',
    faultType: 'mechanical',
    models: ['GA-37'],
    symptom: '开机后压力上不去，加载时伴有异响',
    cause: '进气阀卡滞或空滤堵塞，管路泄漏',
    steps: ['检查并清洁空气滤清器', '拆检进气阀，清除积碳', '用肥皂水检查管路接头是否泄漏', '加载试机，确认压力达到额定值'],
    parts: [{ name: '空气滤芯', quantity: 1, unit: '个' }, { name: '进气阀维修包', quantity: 1, unit: '套' }],
    tools: ['扳手套装', '肥皂水喷壶'],
    images: [],
  },
  {
    title: '冷水机组制冷量不足、低压报警',
    deviceType: 'hvac-chiller',
    faultType: 'other',
    models: [],
    symptom: '出水温度偏高，低压保护频繁动作',
    cause: '冷媒泄漏或蒸发器结垢',
    steps: ['用检漏仪检查冷媒管路', '补焊漏点后抽真空、定量加注冷媒', '必要时化学清洗蒸发器', '运行 2 小时记录高低压与进出水温度'],
    parts: [{ name: 'R134a 冷媒', quantity: 10, unit: '千克' }],
    tools: ['电子检漏仪', '真空泵', '压力表组'],
    images: [],
  },
];

/** Writes the demo knowledge entries unless they are there. */
export async function seedDemoKnowledge(app: INestApplication): Promise<void> {
  const store = app.get<ReadModelStore>(READ_MODEL_STORE);
  await app.get(ReadModelFreshness).caughtUp([KNOWLEDGE_ENTRIES_COLLECTION]);
  if (await store.collection(KNOWLEDGE_ENTRIES_COLLECTION).findOne({ $and: [{ _id: 'demo-kb-1' }, visibleRows] })) return;
  const accounts = app.get(Accounts);
  const personal = app.get(PersonalData);
  const engineerId = await accounts.userIdByMobileIndex(personal.mobileIndex(ENGINEER_PHONE));
  const adminId = await accounts.userIdByMobileIndex(personal.mobileIndex(ADMIN_PHONE));
  if (engineerId === null || adminId === null) return;
  const bus = app.get(CommandBus);
  const clock = app.get(Clock);
  const engineer: Party = { kind: 'enterprise', enterpriseId: PROVIDER, userId: engineerId };
  const admin: Party = { kind: 'enterprise', enterpriseId: PROVIDER, userId: adminId };
  const contextOf = (by: Party & { kind: 'enterprise' }, id: string, step: string) => ({
    commandId: `demo-knowledge:${id}:${step}`,
    actor: { userId: by.userId, enterpriseId: by.enterpriseId, ip: '127.0.0.1' },
    tenantIds: [],
    jurisdiction: [],
  });
  for (const [i, content] of DEMO_KNOWLEDGE.entries()) {
    const id = `demo-kb-${i + 1}`;
    const at = () => clock.now().toISOString();
    await bus.execute(new DraftKnowledgeEntry(id, { content }, engineer, at(), contextOf(engineer, id, 'draft')));
    await bus.execute(new ProposeKnowledgeEntry(id, {}, engineer, at(), contextOf(engineer, id, 'propose')));
    await bus.execute(new ApproveKnowledgeEntry(id, { opinion: '演示数据：方案可行' }, admin, at(), contextOf(admin, id, 'approve')));
    await bus.execute(new PublishKnowledgeEntry(id, {}, admin, at(), contextOf(admin, id, 'publish')));
  }
}
