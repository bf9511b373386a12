import type { DeviceEvent, Party } from '@kuaige/domain';
import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { devicesProjection } from './devices.projections';

const maker: Party = { kind: 'enterprise', enterpriseId: 'm1', userId: 'u1' };
const owner: Party = { kind: 'enterprise', enterpriseId: 'o1', userId: 'u2' };
const jurisdiction = ['440305', '4403', '44', 'CN'];
const stream = 'Device-d1';
const details = {
  name: '五轴加工中心',
  model: 'VMC-850',
  type: 'cnc-machine' as const,
  spec: '',
  parameters: [{ name: '主轴转速', value: '12000', unit: 'rpm' }],
  project: null,
  manufacturedOn: '2025-06-01',
  warrantyMonths: 12,
  countyCode: '440305',
  jurisdiction,
  address: '南山区科技园 1 号',
  coordinates: { lat: 22.54, lng: 113.95 },
};
const image = { blobId: 'b1', mediaType: 'image/jpeg', size: 100 };
const registered: DeviceEvent = {
  type: 'DeviceRegistered',
  data: {
    deviceId: 'd1',
    number: 'SN-1',
    ...details,
    registrantId: 'm1',
    ownerId: null,
    manufacturerId: 'm1',
    soldOn: null,
    warrantyEndsOn: null,
    images: [image],
    qrToken: 'q'.repeat(22),
    by: maker,
    at: 't0',
  },
};

describe('the devices read model', () => {
  it('is shared by manufacturer and owner, in the regions of its county; a reminder stands for its warranty end only', async () => {
    const l = eventLog<DeviceEvent>({ tenantIds: ['m1'], jurisdiction });
    const rows = await projectionSpec(devicesProjection)
      .given(
        l.record(stream, registered),
        l.record(stream, { type: 'DeviceSold', data: { ownerId: 'o1', soldOn: '2026-01-15', warrantyEndsOn: '2027-01-15', by: maker, at: 't1' } }),
        l.record(stream, { type: 'WarrantyExpiryNoticed', data: { warrantyEndsOn: '2027-01-15', daysLeft: 20, at: 't2' } }),
        l.record(stream, { type: 'DevicePublicRequestsChanged', data: { enabled: true, by: owner, at: 't3' } }),
      )
      .rows();
    expect(rows).toEqual([
      expect.objectContaining({
        _id: 'd1',
        images: ['b1'],
        imageRefs: [image],
        ownerId: 'o1',
        manufacturerId: 'm1',
        soldOn: '2026-01-15',
        warrantyEndsOn: '2027-01-15',
        warrantyNotice: { warrantyEndsOn: '2027-01-15', daysLeft: 20, at: 't2' },
        reminderOpen: true,
        publicRequests: true,
        lat: 22.54,
        lng: 113.95,
        status: 'active',
        // The reminder is not an edit: updatedAt moved with the switch, not with the notice.
        updatedAt: 't3',
        scope: { tenants: ['o1', 'm1'], regions: jurisdiction },
      }),
    ]);
  });

  it('closes the reminder when the warranty is extended, and moves the device with its county', async () => {
    const l = eventLog<DeviceEvent>({ tenantIds: ['m1'], jurisdiction });
    const guangzhou = ['440106', '4401', '44', 'CN'];
    await projectionSpec(devicesProjection)
      .given(
        l.record(stream, registered),
        l.record(stream, { type: 'DeviceSold', data: { ownerId: 'o1', soldOn: '2026-01-15', warrantyEndsOn: '2027-01-15', by: maker, at: 't1' } }),
        l.record(stream, { type: 'WarrantyExpiryNoticed', data: { warrantyEndsOn: '2027-01-15', daysLeft: 20, at: 't2' } }),
        l.record(stream, {
          type: 'DeviceUpdated',
          data: { ...details, warrantyMonths: 24, warrantyEndsOn: '2028-01-15', countyCode: '440106', jurisdiction: guangzhou, coordinates: null, by: owner, at: 't3' },
        }),
        l.record(stream, { type: 'DeviceRetired', data: { reason: '报废', by: owner, at: 't4' } }),
      )
      .thenRow(
        'd1',
        expect.objectContaining({
          warrantyEndsOn: '2028-01-15',
          reminderOpen: false,
          status: 'scrapped',
          publicRequests: false,
          countyCode: '440106',
          lat: null,
          lng: null,
          scope: { tenants: ['o1', 'm1'], regions: guangzhou },
        }),
      );
  });
});
