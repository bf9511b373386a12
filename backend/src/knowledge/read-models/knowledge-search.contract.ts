import type { KnowledgeContent } from '@kuaige/domain';
import type { ReadModelCollection, ReadModelStore } from '@kuaige/projections';
import { draftedRow, knowledgeEntriesProjection, KNOWLEDGE_ENTRIES_COLLECTION, type KnowledgeEntryRow } from './knowledge.projections';
import { searchKnowledge, suggestKnowledge } from './knowledge-search';

// ---- Chinese search and suggestions, the same on every read-store adapter ------------------------
// Run by the embedded spec always and by the MongoDB spec when MONGO_URL is set: the rows are the
// projection's, the indexes its declared ones, the queries the handlers' own.

export interface SearchSubject {
  readonly store: ReadModelStore;
  dispose(): Promise<void>;
}

const plan = (id: string, content: Partial<KnowledgeContent> & Pick<KnowledgeContent, 'title' | 'deviceType' | 'faultType'>, status: KnowledgeEntryRow['status'] = 'published', owner = 'ent-maker'): KnowledgeEntryRow => ({
  ...draftedRow({
    entryId: id,
    ownerId: owner,
    authorId: 'u-author',
    reviewerIds: [owner],
    content: { models: [], symptom: '', cause: '', steps: ['按步骤检修'], parts: [], tools: [], images: [], ...content },
    source: null,
    at: `2026-11-${String(10 + Number(id.slice(3))).padStart(2, '0')}T02:00:00.000Z`,
  }),
  status,
  publishedAt: status === 'published' ? '2026-11-30T02:00:00.000Z' : null,
});

export const SEARCH_ENTRIES: readonly KnowledgeEntryRow[] = [
  plan('kb-1', {
    title: '立式加工中心主轴异响的排查与轴承更换',
    deviceType: 'cnc-machine',
    faultType: 'abnormal-noise',
    models: ['VMC-850'],
    symptom: '主轴在 6000 转以上运转时发出尖锐异响，振动值超标',
    cause: '主轴前轴承磨损、预紧力下降',
    steps: ['停机断电并挂牌', '拆下主轴护罩，检查轴承游隙', '更换角接触球轴承并按 120 N·m 预紧', '空运转 30 分钟复测振动'],
    parts: [{ name: '角接触球轴承 7014C', quantity: 2, unit: '个' }],
    tools: ['拉马', '扭力扳手', '测振仪'],
  }),
  plan('kb-2', {
    title: '注塑机液压系统漏油的处理',
    deviceType: 'injection-molding',
    faultType: 'leakage',
    models: ['HX-2800'],
    symptom: '液压站油管接头处渗油，油位持续下降',
    cause: '接头密封圈老化',
    steps: ['泄压后拆下接头', '更换 O 型密封圈', '加注液压油至标准油位'],
    parts: [{ name: 'O 型密封圈', quantity: 4, unit: '个' }],
  }),
  plan('kb-3', {
    title: '离心水泵运转异响',
    deviceType: 'water-pump',
    faultType: 'abnormal-noise',
    symptom: '水泵启动后有异响，出水压力波动',
    cause: '叶轮气蚀',
    steps: ['检查进水口滤网', '更换叶轮'],
  }),
  plan('kb-4', {
    title: '主电机过热跳闸',
    deviceType: 'cnc-machine',
    faultType: 'overheating',
    models: ['VMC-1060'],
    symptom: '主电机温度超过 90℃ 后热继电器动作',
    cause: '散热风扇损坏',
    steps: ['检查风扇', '更换散热风扇'],
  }),
  plan('kb-5', { title: '加工中心主轴异响（草稿）', deviceType: 'cnc-machine', faultType: 'abnormal-noise', symptom: '主轴异响' }, 'draft', 'ent-other'),
  plan('kb-6', {
    title: '螺杆空压机排气温度高报警',
    deviceType: 'air-compressor',
    faultType: 'overheating',
    models: ['GA-37'],
    symptom: '控制器显示排气温度高报警 ALM-401 并停机',
    cause: '油冷却器堵塞',
    steps: ['清洗油冷却器', '更换油过滤器'],
  }),
];

const PUBLISHED = { status: 'published' };
const ids = (hits: readonly { row: KnowledgeEntryRow }[]) => hits.map((h) => h.row._id);

export const describeKnowledgeSearchContract = (adapter: string, open: () => Promise<SearchSubject>): void => {
  describe(`knowledge-base search on the ${adapter} read-model store`, () => {
    let subject: SearchSubject;
    let entries: ReadModelCollection<KnowledgeEntryRow>;
    const search = (q: string, more: { deviceType?: string; visibility?: Record<string, unknown> } = {}) =>
      searchKnowledge(entries, more.visibility ?? PUBLISHED, { q, ...(more.deviceType ? { deviceType: more.deviceType } : {}), skip: 0, limit: 20 });

    beforeAll(async () => {
      subject = await open();
      entries = subject.store.collection<KnowledgeEntryRow>(`${KNOWLEDGE_ENTRIES_COLLECTION}_${Date.now()}`);
      await entries.ensureIndexes(knowledgeEntriesProjection.indexes, { scoped: true, arrayFields: knowledgeEntriesProjection.arrayFields ?? [] });
      await entries.bulkWrite(SEARCH_ENTRIES.map((document) => ({ insertOne: { document } })));
    });
    afterAll(async () => {
      await entries.drop();
      await subject.dispose();
    });

    it('finds the spindle-noise plan for 主轴异响, not the hydraulic leak nor the pump’s noise', async () => {
      const { hits, total } = await search('主轴异响');
      expect(ids(hits)).toEqual(['kb-1']);
      expect(total).toBe(1);
      expect(hits[0]!.matched).toEqual(['主轴', '轴异', '异响']);
    });

    it('finds the hydraulic leak by 液压漏油 and by 漏油', async () => {
      expect(ids((await search('液压漏油')).hits)).toEqual(['kb-2']);
      expect(ids((await search('漏油')).hits)).toEqual(['kb-2']);
    });

    it('finds a plan by its model number, however it is written', async () => {
      for (const q of ['VMC-850', 'vmc850', 'ＶＭＣ－８５０']) expect(ids((await search(q)).hits)).toEqual(['kb-1']);
      expect(ids((await search('GA-37 排气温度')).hits)).toEqual(['kb-6']);
      expect(ids((await search('ALM-401')).hits)).toEqual(['kb-6']);
    });

    it('finds nothing on one shared character', async () => {
      // 主 is in 主轴 and 主电机, 响 in 异响: a single character is no term.
      expect((await search('主')).hits).toEqual([]);
      expect((await search('响声')).hits).toEqual([]);
      expect((await search('主板')).hits).toEqual([]);
    });

    it('ranks by the terms held, title matches first, and needs three in five of a long query', async () => {
      // 异响 is in the spindle and the pump plans; the pump says 异响 in its title too.
      expect(ids((await search('异响')).hits)).toEqual(['kb-3', 'kb-1']);
      expect(ids((await search('加工中心主轴异响轴承')).hits)).toEqual(['kb-1']);
    });

    it('searches by the catalogue’s labels, and keeps to a device type when asked', async () => {
      expect(ids((await search('数控机床')).hits).sort()).toEqual(['kb-1', 'kb-4']);
      expect(ids((await search('异响', { deviceType: 'water-pump' })).hits)).toEqual(['kb-3']);
    });

    it('shows drafts only to the filter that lets them through', async () => {
      expect(ids((await search('主轴异响', { visibility: { $or: [PUBLISHED, { 'scope.tenants': 'ent-other' }] } })).hits).sort()).toEqual(['kb-1', 'kb-5']);
    });

    it('suggests plans for a work order: same device type, fault type first, model and description after', async () => {
      const suggestions = await suggestKnowledge(entries, { deviceType: 'cnc-machine', faultType: 'abnormal-noise', model: 'VMC-850', description: '主轴高速时异响很大' }, 5);
      expect(suggestions.map((s) => [s.row._id, s.reasons])).toEqual([
        ['kb-1', ['fault-type', 'model', 'text']],
      ]);
      // The overheating plan of the same device type shares no term with the description: not suggested.
      // A device type without plans suggests nothing, whatever the text.
      expect(await suggestKnowledge(entries, { deviceType: 'elevator', faultType: 'abnormal-noise', model: '', description: '主轴异响' }, 5)).toEqual([]);
    });
  });
};
