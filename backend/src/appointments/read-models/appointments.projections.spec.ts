import { appointmentStream, returnVisitStream, type AppointmentEvent, type Party, type ReturnVisitEvent } from '@kuaige/domain';
import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { returnVisitsProjection } from '../../return-visits/read-models/return-visits.projections';
import { appointmentsProjection } from './appointments.projections';

const provider: Party = { kind: 'enterprise', enterpriseId: 'ent-p', userId: 'u-p' };
const customer: Party = { kind: 'enterprise', enterpriseId: 'ent-u', userId: 'u-u' };
const parties = { providerId: 'ent-p', customerIds: ['ent-u'], regions: ['440305', '4403', '44', 'CN'] };
const slot = { start: '2026-12-02T01:00:00.000Z', end: '2026-12-02T03:00:00.000Z' };

describe('appointments and return_visits', () => {
  it('appointments: the round, the confirmed slot, the pending reminder and the history; replay-safe', async () => {
    const log = eventLog<AppointmentEvent>();
    const events = log.stream(appointmentStream('wo-1'), [
      { type: 'AppointmentProposed', data: { workOrderId: 'wo-1', round: 1, slots: [slot], place: '车间', engineerId: 'u-e', parties, by: provider, at: 't1' } },
      { type: 'AppointmentConfirmed', data: { workOrderId: 'wo-1', round: 1, slot, remindAt: '2026-12-01T23:00:00.000Z', by: customer, at: 't2' } },
    ]);
    await projectionSpec(appointmentsProjection)
      .given(events)
      .thenRow('wo-1', {
        _id: 'wo-1',
        workOrderId: 'wo-1',
        status: 'confirmed',
        round: 1,
        slots: [slot],
        place: '车间',
        engineerId: 'u-e',
        providerId: 'ent-p',
        customerIds: ['ent-u'],
        confirmed: slot,
        remindAt: '2026-12-01T23:00:00.000Z',
        reminderPending: true,
        remindedAt: null,
        history: [
          { round: 1, kind: 'proposed', by: 'u-p', reason: null, at: 't1' },
          { round: 1, kind: 'confirmed', by: 'u-u', reason: null, at: 't2' },
        ],
        updatedAt: 't2',
        scope: { tenants: ['ent-p', 'ent-u'], regions: parties.regions },
      });
    const reminded = log.record(appointmentStream('wo-1'), { type: 'AppointmentReminderDue', data: { workOrderId: 'wo-1', round: 1, slot, place: '车间', engineerId: 'u-e', parties, at: 't3' } });
    const [row] = await projectionSpec(appointmentsProjection).given(events, [reminded]).rows();
    expect(row).toMatchObject({ reminderPending: false, remindedAt: 't3' });
  });

  it('return_visits: scheduled with its due date, then the outcome and satisfaction; replay-safe', async () => {
    const log = eventLog<ReturnVisitEvent>();
    const events = log.stream(returnVisitStream('wo-1'), [
      { type: 'ReturnVisitScheduled', data: { workOrderId: 'wo-1', number: 'WO-1', dueAt: '2026-12-04T02:00:00.000Z', parties: { providerId: 'ent-p', customerIds: ['ent-u'], manufacturerId: null, regions: parties.regions }, at: 't1' } },
      { type: 'ReturnVisitRecorded', data: { workOrderId: 'wo-1', outcome: 'resolved', satisfaction: 4, note: '正常', by: provider, at: 't2' } },
    ]);
    await projectionSpec(returnVisitsProjection)
      .given(events)
      .thenRow('wo-1', {
        _id: 'wo-1',
        workOrderId: 'wo-1',
        number: 'WO-1',
        status: 'recorded',
        dueAt: '2026-12-04T02:00:00.000Z',
        providerId: 'ent-p',
        outcome: 'resolved',
        satisfaction: 4,
        note: '正常',
        recordedBy: { kind: 'enterprise', userId: 'u-p', partyId: 'ent-p' },
        recordedAt: 't2',
        scope: { tenants: ['ent-u', 'ent-p'], regions: parties.regions },
      });
  });
});
