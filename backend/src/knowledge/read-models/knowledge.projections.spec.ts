import { knowledgeEntryStream, type KnowledgeContent, type KnowledgeEntryEvent, type Party } from '@kuaige/domain';
import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { knowledgeEntriesProjection } from './knowledge.projections';

const author: Party = { kind: 'enterprise', enterpriseId: 'ent-provider', userId: 'u-engineer' };
const reviewer: Party = { kind: 'enterprise', enterpriseId: 'ent-maker', userId: 'u-maker' };
const content: KnowledgeContent = {
  title: '主轴异响处理',
  deviceType: 'cnc-machine',
  faultType: 'abnormal-noise',
  models: ['VMC-850'],
  symptom: '高速异响',
  cause: '轴承磨损',
  steps: ['更换轴承'],
  parts: [],
  tools: [],
  images: [],
};

describe('knowledge_entries', () => {
  it('keeps the entry’s content, status, review and tokens; scoped to its owner and reviewers; replay-safe', async () => {
    const log = eventLog<KnowledgeEntryEvent>();
    const events = log.stream(knowledgeEntryStream('kb-1'), [
      { type: 'KnowledgeEntryDrafted', data: { entryId: 'kb-1', ownerId: 'ent-provider', authorId: 'u-engineer', reviewerIds: ['ent-maker', 'ent-provider'], content, source: { workOrderId: 'wo-1', number: 'WO-1' }, at: '2026-11-30T01:00:00.000Z' } },
      { type: 'KnowledgeEntryProposed', data: { by: author, at: '2026-11-30T01:01:00.000Z' } },
      { type: 'KnowledgeEntryApproved', data: { by: reviewer, opinion: '同意', at: '2026-11-30T01:02:00.000Z' } },
      { type: 'KnowledgeEntryPublished', data: { by: reviewer, at: '2026-11-30T01:03:00.000Z' } },
    ]);
    await projectionSpec(knowledgeEntriesProjection)
      .given(events)
      .thenRow('kb-1', {
        _id: 'kb-1',
        status: 'published',
        ownerId: 'ent-provider',
        authorId: 'u-engineer',
        reviewerIds: ['ent-maker', 'ent-provider'],
        source: { workOrderId: 'wo-1', number: 'WO-1' },
        revision: 1,
        review: { by: 'u-maker', decision: 'approved', opinion: '同意', at: '2026-11-30T01:02:00.000Z' },
        ...content,
        tokens: expect.arrayContaining(['主轴', '异响', 'vmc-850', 'vmc850', '数控', '机床']),
        titleTokens: ['主轴', '轴异', '异响', '响处', '处理'],
        createdAt: '2026-11-30T01:00:00.000Z',
        updatedAt: '2026-11-30T01:03:00.000Z',
        publishedAt: '2026-11-30T01:03:00.000Z',
        scope: { tenants: ['ent-provider', 'ent-maker'], regions: [] },
      });
  });

  it('re-tokenises a revision and counts it', async () => {
    const log = eventLog<KnowledgeEntryEvent>();
    const events = log.stream(knowledgeEntryStream('kb-2'), [
      { type: 'KnowledgeEntryDrafted', data: { entryId: 'kb-2', ownerId: 'ent-maker', authorId: 'u-a', reviewerIds: ['ent-maker'], content, source: null, at: '2026-11-30T01:00:00.000Z' } },
      { type: 'KnowledgeEntryRevised', data: { content: { ...content, title: '液压漏油' }, by: reviewer, at: '2026-11-30T02:00:00.000Z' } },
    ]);
    const [row] = await projectionSpec(knowledgeEntriesProjection).given(events).rows();
    expect(row).toMatchObject({ status: 'draft', revision: 2, title: '液压漏油', titleTokens: ['液压', '压漏', '漏油'] });
  });
});
