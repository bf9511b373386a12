import {
  feeScheduleStream,
  settlementStream,
  workOrderStream,
  type FeeScheduleEvent,
  type SettlementEvent,
  type StockEvent,
  type WorkOrderEvent,
} from '@kuaige/domain';
import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import {
  feeSchedulesProjection,
  settlementPartIssuesProjection,
  settlementsProjection,
  settlementWindowsProjection,
} from './settlements.projections';

const at = '2026-12-01T08:00:00.000Z';
const regions = ['440305', '4403', '44', 'CN'];
const line = {
  lineId: 'labour',
  kind: 'labour' as const,
  description: '工时费',
  quantity: 1,
  unitFen: 15_000,
  amountFen: 15_000,
  payer: 'manufacturer' as const,
  payerId: 'M',
  payee: 'provider' as const,
  payeeId: 'P',
};
const created: SettlementEvent = {
  type: 'SettlementCreated',
  data: {
    settlementId: 's1',
    workOrderId: 'wo1',
    workOrderNumber: 'WO-1',
    scheduleId: 'fs1',
    rates: { platformFeeRateBp: 500, expertFeeRateBp: 0 },
    parties: { equipmentUserId: 'U', manufacturerId: 'M', providerId: 'P' },
    jurisdiction: regions,
    lines: [
      line,
      {
        ...line,
        lineId: 'platform-fee',
        kind: 'platform-fee',
        amountFen: 750,
        unitFen: 750,
        payer: 'provider',
        payerId: 'P',
        payee: 'platform',
        payeeId: 'platform',
      },
    ],
    trigger: 'evaluated',
    at,
  },
};

describe('settlement read models', () => {
  it('fee_schedules: a row per schedule in its node’s jurisdiction, published once published', async () => {
    const log = eventLog<FeeScheduleEvent>();
    const stream = feeScheduleStream('fs1');
    await projectionSpec(feeSchedulesProjection)
      .given(
        log.record(stream, {
          type: 'FeeScheduleDrafted',
          data: {
            scheduleId: 'fs1',
            operatorNodeId: 'n',
            regionCode: '4403',
            jurisdiction: ['4403', '44', 'CN'],
            effectiveFrom: '2026-12-01',
            labourRates: [],
            travelBands: [],
            platformFeeRateBp: 500,
            expertFeeRateBp: 0,
            note: '',
            by: 'op',
            at,
          },
        }),
        log.record(stream, { type: 'FeeSchedulePublished', data: { scheduleId: 'fs1', by: 'op', at: '2026-12-01T09:00:00.000Z' } }),
      )
      .thenRow(
        'fs1',
        expect.objectContaining({
          status: 'published',
          regionCode: '4403',
          publishedAt: '2026-12-01T09:00:00.000Z',
          scope: { tenants: [], regions: ['4403', '44', 'CN'] },
        }),
      );
  });

  it('settlements: the decider’s state without the journal, scoped to the three parties and the jurisdiction', async () => {
    const log = eventLog<SettlementEvent>();
    const stream = settlementStream('s1');
    await projectionSpec(settlementsProjection)
      .given(
        log.record(stream, created),
        log.record(stream, {
          type: 'SettlementConfirmed',
          data: { payers: ['equipment-user'], enterpriseId: 'U', complete: false, journal: [], by: 'u', at },
        }),
      )
      .thenRow(
        's1',
        expect.objectContaining({
          status: 'draft',
          totalFen: 15_000,
          confirmations: [{ payer: 'equipment-user', enterpriseId: 'U', by: 'u', at }],
          scope: { tenants: ['U', 'M', 'P'], regions },
        }),
      );
  });

  it('settlement_part_issues: parts delivered to a work order, not to an engineer', async () => {
    const log = eventLog<StockEvent>({ tenantIds: ['P'] });
    const by = { kind: 'enterprise' as const, enterpriseId: 'P', userId: 'p' };
    await projectionSpec(settlementPartIssuesProjection)
      .given(
        log.record('Stock-W1:P1', {
          type: 'StockIssueDelivered',
          data: {
            issueId: 'i1',
            quantity: 2,
            recipient: { kind: 'work-order', workOrderId: 'wo1' },
            unitCostFen: 4_550,
            valueFen: 9_100,
            by,
            at,
          },
        }),
        log.record('Stock-W1:P1', {
          type: 'StockIssueDelivered',
          data: {
            issueId: 'i2',
            quantity: 1,
            recipient: { kind: 'engineer', engineerId: 'e' },
            unitCostFen: 4_550,
            valueFen: 4_550,
            by,
            at,
          },
        }),
      )
      .then([
        expect.objectContaining({
          _id: 'i1',
          workOrderId: 'wo1',
          warehouseId: 'W1',
          partId: 'P1',
          quantity: 2,
          unitCostFen: 4_550,
          valueFen: 9_100,
        }),
      ]);
  });

  it('settlement_windows: a reported order waits until its settlement is created', async () => {
    const log = eventLog<WorkOrderEvent | SettlementEvent>();
    await projectionSpec(settlementWindowsProjection)
      .given(
        log.record(workOrderStream('wo1'), { type: 'ReceiptReported', data: { note: '', at } }),
        log.record(workOrderStream('wo2'), { type: 'ReceiptReported', data: { note: '', at } }),
        log.record(settlementStream('s1'), created),
      )
      .then([expect.objectContaining({ _id: 'wo2', reportedAt: at })]);
  });
});
