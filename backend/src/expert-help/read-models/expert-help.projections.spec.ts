import { certificationStream, expertHelpStream, expertProfileStream, type CertificationEvent, type ExpertHelpEvent, type ExpertProfileEvent } from '@kuaige/domain';
import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { chinaMonthOf, expertHelpsProjection, expertsProjection } from './expert-help.projections';

const regions = ['440305', '4403', '44', 'CN'];
const details = { materials: [], skills: ['数控系统', '液压'], years: 12, countyCode: '440305', jurisdiction: regions };
const review = (at: string) => ({ reviewerNodeId: 'node-4403', opinion: '资质齐全', at });
const requested = (helpId: string, at: string): ExpertHelpEvent => ({
  type: 'ExpertHelpRequested',
  data: { helpId, workOrderId: 'wo-1', engineerId: 'eng-1', providerId: 'p1', expertId: 'ex-1', fieldCode: '数控系统', feeFen: 20_000, question: '报警', attachmentBlobIds: [], at },
});

describe('expert-help read models', () => {
  it('experts: listed once the expert certification is approved, with the approved fields, the published terms, workload and the average rating', async () => {
    const log = eventLog<CertificationEvent | ExpertProfileEvent | ExpertHelpEvent>();
    const cert = certificationStream('ex-1', 'expert');
    const events = [
      log.record(cert, { type: 'CertificationApplied', data: { ...details, userId: 'ex-1', kind: 'expert', at: '2026-12-01T01:00:00.000Z' } }),
      // An engineer certification of the same person feeds nothing here.
      log.record(certificationStream('ex-1', 'engineer'), { type: 'CertificationApplied', data: { ...details, skills: ['电梯'], userId: 'ex-1', kind: 'engineer', at: '2026-12-01T01:00:00.000Z' } }),
      log.record(certificationStream('ex-1', 'engineer'), { type: 'CertificationApproved', data: review('2026-12-01T01:30:00.000Z') }),
      log.record(cert, { type: 'CertificationApproved', data: review('2026-12-01T02:00:00.000Z') }),
      log.record(expertProfileStream('ex-1'), { type: 'ExpertProfileSet', data: { expertId: 'ex-1', tariffFen: 20_000, available: true, bio: '20 年', at: '2026-12-01T03:00:00.000Z' } }),
      log.record(expertHelpStream('h1'), requested('h1', '2026-12-01T04:00:00.000Z')),
      log.record(expertHelpStream('h2'), requested('h2', '2026-12-01T04:10:00.000Z')),
      log.record(expertHelpStream('h3'), requested('h3', '2026-12-01T04:20:00.000Z')),
      log.record(expertHelpStream('h2'), { type: 'ExpertHelpDeclined', data: { helpId: 'h2', expertId: 'ex-1', reason: '忙', at: '2026-12-01T05:00:00.000Z' } }),
      log.record(expertHelpStream('h1'), { type: 'ExpertHelpClosed', data: { helpId: 'h1', workOrderId: 'wo-1', expertId: 'ex-1', engineerId: 'eng-1', summary: '好了', feeFen: 20_000, at: '2026-12-01T06:00:00.000Z' } }),
      log.record(expertHelpStream('h1'), { type: 'ExpertRated', data: { helpId: 'h1', expertId: 'ex-1', engineerId: 'eng-1', score: 5, comment: '', at: '2026-12-01T07:00:00.000Z' } }),
      log.record(expertHelpStream('h3'), { type: 'ExpertHelpClosed', data: { helpId: 'h3', workOrderId: 'wo-1', expertId: 'ex-1', engineerId: 'eng-1', summary: '好了', feeFen: 20_000, at: '2026-12-01T08:00:00.000Z' } }),
      log.record(expertHelpStream('h3'), { type: 'ExpertRated', data: { helpId: 'h3', expertId: 'ex-1', engineerId: 'eng-1', score: 4, comment: '', at: '2026-12-01T09:00:00.000Z' } }),
    ];
    await projectionSpec(expertsProjection)
      .given(events)
      .thenRow(
        'ex-1',
        expect.objectContaining({
          scope: { tenants: [], regions },
          certified: true,
          fields: ['数控系统', '液压'],
          years: 12,
          certifiedSince: '2026-12-01T02:00:00.000Z',
          tariffFen: 20_000,
          available: true,
          openHelps: 0,
          closedHelps: 2,
          ratingSum: 9,
          ratingCount: 2,
          rating: 4.5,
          ratingRank: 4.5,
        }),
      );
    const revoked = [...events, log.record(cert, { type: 'CertificationRevoked', data: review('2026-12-02T00:00:00.000Z') })];
    await projectionSpec(expertsProjection).given(revoked).thenRow('ex-1', expect.objectContaining({ certified: false, certifiedSince: null }));
    // Applied but not approved: a row that the directory's `certified: true` leaves out.
    await projectionSpec(expertsProjection).given(events.slice(0, 1)).thenRow('ex-1', expect.objectContaining({ certified: false, fields: [] }));
  });

  it('expert_helps: the work order’s scope from the metadata, read positions per party, the month of closing in China time', async () => {
    const log = eventLog<ExpertHelpEvent>({ tenantIds: ['p1', 'owner-1'], jurisdiction: regions });
    const s = expertHelpStream('h1');
    // 16:30 UTC on the last day of November is already December in China.
    const closedAt = '2026-11-30T16:30:00.000Z';
    await projectionSpec(expertHelpsProjection)
      .given(
        log.record(s, requested('h1', '2026-11-30T10:00:00.000Z')),
        log.record(s, { type: 'ExpertHelpAccepted', data: { helpId: 'h1', expertId: 'ex-1', at: '2026-11-30T10:05:00.000Z' } }),
        log.record(s, { type: 'ExpertChatMessagePosted', data: { helpId: 'h1', messageId: 'm1', authorId: 'eng-1', seq: 1, text: '在吗', at: '2026-11-30T10:06:00.000Z' } }),
        log.record(s, { type: 'ExpertChatMessagePosted', data: { helpId: 'h1', messageId: 'm2', authorId: 'ex-1', seq: 2, text: '在', at: '2026-11-30T10:07:00.000Z' } }),
        log.record(s, { type: 'ExpertChatRead', data: { helpId: 'h1', readerId: 'ex-1', upToMessageId: 'm1', upToSeq: 1, at: '2026-11-30T10:07:00.000Z' } }),
        log.record(s, { type: 'ExpertChatRead', data: { helpId: 'h1', readerId: 'eng-1', upToMessageId: 'm2', upToSeq: 2, at: '2026-11-30T10:08:00.000Z' } }),
        log.record(s, { type: 'ExpertHelpClosed', data: { helpId: 'h1', workOrderId: 'wo-1', expertId: 'ex-1', engineerId: 'eng-1', summary: '更换编码器线', feeFen: 20_000, at: closedAt } }),
      )
      .thenRow(
        'h1',
        expect.objectContaining({
          scope: { tenants: ['p1', 'owner-1'], regions },
          status: 'closed',
          messageCount: 2,
          lastMessageAt: '2026-11-30T10:07:00.000Z',
          readUpTo: { engineer: 2, expert: 1 },
          summary: '更换编码器线',
          closedAt,
          closedMonth: '2026-12',
        }),
      );
    expect(chinaMonthOf('2026-11-30T15:59:59.000Z')).toBe('2026-11');
  });
});
