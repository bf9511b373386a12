import type { INestApplication } from '@nestjs/common';
import type { DraftFeeSchedule } from '@kuaige/domain';
import { jurisdictionOf } from '@kuaige/tenancy';
import { ClientCommand } from '../../event-sourcing/client-command';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { Settlements } from '../application/settlements';
import { FEE_SCHEDULES_COLLECTION } from '../read-models/settlements.projections';

// ---- Demo fee schedules: a national one and Shenzhen's override, in force for the demo's whole history ----
// Published with a past instant (the seed writes history): the decider refuses a schedule effective
// before its publication, so both are published on the day they take effect. The demo orders that are
// evaluated then get their settlements from the creation reaction, priced by these.

type Terms = Omit<DraftFeeSchedule['data'], 'scheduleId' | 'operatorNodeId' | 'jurisdiction' | 'by' | 'at'>;

const NATIONAL: Terms = {
  effectiveFrom: '2020-01-01',
  labourRates: [
    { skillLevel: 'junior', hourlyFen: 8_000 },
    { skillLevel: 'intermediate', hourlyFen: 12_000 },
    { skillLevel: 'senior', hourlyFen: 16_000 },
    { skillLevel: 'expert', hourlyFen: 22_000 },
  ],
  travelBands: [
    { upToKm: 10, fen: 5_000 },
    { upToKm: 30, fen: 10_000 },
    { upToKm: 100, fen: 20_000 },
  ],
  platformFeeRateBp: 500,
  expertFeeRateBp: 1_000,
  note: '演示数据：全国统一收费标准',
};
const SHENZHEN: Terms = {
  ...NATIONAL,
  labourRates: NATIONAL.labourRates.map((r) => ({ ...r, hourlyFen: r.hourlyFen + 2_000 })),
  platformFeeRateBp: 450,
  note: '演示数据：深圳市收费标准（高于全国标准 20 元/小时）',
};

/** Drafts and publishes the demo schedules as the node admins (`admins` by division code) would. */
export async function seedDemoFeeSchedules(
  app: INestApplication,
  nodes: { code: string; nodeId: string; adminUserId: string }[],
): Promise<void> {
  const settlements = app.get(Settlements);
  const at = '2020-01-01T00:00:00.000Z';
  for (const [code, terms] of [
    ['CN', NATIONAL],
    ['4403', SHENZHEN],
  ] as const) {
    const node = nodes.find((n) => n.code === code);
    if (!node) continue;
    const scheduleId = `demo-fee-schedule-${code}`;
    const by = { kind: 'operator' as const, nodeId: node.nodeId, regionCode: code, userId: node.adminUserId };
    const context = ClientCommand.fresh().context(
      `fee-schedule-${code}`,
      { userId: node.adminUserId, operatorNodeId: node.nodeId },
      new Date(at),
    );
    await settlements.handleSchedule(
      scheduleId,
      { type: 'DraftFeeSchedule', data: { ...terms, scheduleId, operatorNodeId: node.nodeId, jurisdiction: jurisdictionOf(code), by, at } },
      context,
    );
    await settlements.handleSchedule(
      scheduleId,
      { type: 'PublishFeeSchedule', data: { by, at } },
      ClientCommand.fresh().context(`publish-${code}`, { userId: node.adminUserId, operatorNodeId: node.nodeId }, new Date(at)),
    );
  }
  await app.get(ReadModelFreshness).caughtUp([FEE_SCHEDULES_COLLECTION]);
}
