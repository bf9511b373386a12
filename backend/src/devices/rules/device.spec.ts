import {
  DeviceRuleViolation,
  deviceNumberClaim,
  IllegalTransition,
  warrantyEndOf,
  type DeviceCommand,
  type DeviceEvent,
  type Party,
  type RegisterDevice,
} from '@kuaige/domain';
import { deciderSpec } from '@kuaige/testkit';
import { devices } from './device-rules';

const at = '2026-12-01T08:00:00.000Z';
const maker: Party = { kind: 'enterprise', enterpriseId: 'm1', userId: 'u-m' };
const user: Party = { kind: 'enterprise', enterpriseId: 'o1', userId: 'u-o' };
const otherUser: Party = { kind: 'enterprise', enterpriseId: 'o2', userId: 'u-x' };
const operator: Party = { kind: 'operator', nodeId: 'n1', regionCode: '4403', userId: 'u-n' };
const system: Party = { kind: 'system', reason: 'warranty-reminders' };
const qrToken = 'q'.repeat(24);

const submission = {
  name: ' 五轴加工中心 ',
  model: 'VMC-850',
  type: 'cnc-machine' as const,
  spec: '行程 850×500×550 mm',
  parameters: [{ name: '主轴转速', value: '12000', unit: 'rpm' }],
  project: '二期厂房',
  manufacturedOn: '2025-06-01',
  warrantyMonths: 12,
  countyCode: '440305',
  address: '南山区科技园 1 号',
  coordinates: { lat: 22.54, lng: 113.95 },
};
const details = { ...submission, name: '五轴加工中心', jurisdiction: ['440305', '4403', '44', 'CN'] };
const image = { blobId: 'b1', mediaType: 'image/jpeg', size: 2000 };

const registerBy = (by: Party, change: Partial<RegisterDevice['data']> = {}): RegisterDevice => ({
  type: 'RegisterDevice',
  data: {
    deviceId: 'd1',
    number: ' SN-001 ',
    ...submission,
    by,
    byKind: by === user ? 'equipment-user' : 'manufacturer',
    manufacturerId: null,
    manufacturerKind: null,
    soldOn: null,
    images: [image],
    qrToken,
    at,
    ...change,
  },
});
const registeredBy = (by: Party, change: Partial<Extract<DeviceEvent, { type: 'DeviceRegistered' }>['data']> = {}): DeviceEvent => ({
  type: 'DeviceRegistered',
  data: {
    deviceId: 'd1',
    number: 'SN-001',
    ...details,
    registrantId: by.kind === 'enterprise' ? by.enterpriseId : '',
    ownerId: null,
    manufacturerId: 'm1',
    soldOn: null,
    warrantyEndsOn: null,
    images: [image],
    qrToken,
    by,
    at,
    ...change,
  },
});
const made = registeredBy(maker);
const sold: DeviceEvent = { type: 'DeviceSold', data: { ownerId: 'o1', soldOn: '2026-01-15', warrantyEndsOn: '2027-01-15', by: maker, at } };
const retired: DeviceEvent = { type: 'DeviceRetired', data: { reason: '报废', by: user, at } };

const violates = (rule: string, field: string) => (e: DeviceRuleViolation) => {
  expect({ rule: e.rule, field: e.field }).toEqual({ rule, field });
};
const withData = (change: Partial<RegisterDevice['data']>) => registerBy(maker, change);

describe('Device', () => {
  const given = deciderSpec(devices);

  describe('registration', () => {
    it('by a manufacturer: its own device, unsold, no warranty running yet', () => {
      given([]).when(registerBy(maker)).then([made]);
    });

    it('by an equipment user: owned, with the manufacturer it names and the date it bought it', () => {
      given([])
        .when(registerBy(user, { manufacturerId: 'm1', manufacturerKind: 'manufacturer', soldOn: '2026-01-31' }))
        .then([registeredBy(user, { ownerId: 'o1', manufacturerId: 'm1', soldOn: '2026-01-31', warrantyEndsOn: '2027-01-31' })]);
      given([])
        .when(registerBy(user, { manufacturerId: 'p1', manufacturerKind: 'service-provider' }))
        .thenThrows(DeviceRuleViolation, violates('manufacturer', 'manufacturerId'));
    });

    it('not by a service provider, an operator or the system', () => {
      given([]).when(registerBy(maker, { byKind: 'service-provider' })).thenThrows(DeviceRuleViolation, violates('not-your-role', 'by'));
      given([]).when(registerBy(operator)).thenThrows(DeviceRuleViolation, violates('not-your-role', 'by'));
      given([]).when(registerBy(system)).thenThrows(DeviceRuleViolation, violates('not-your-role', 'by'));
    });

    it('a manufacturer records the sale separately and names no other manufacturer', () => {
      given([]).when(withData({ soldOn: '2026-01-01' })).thenThrows(DeviceRuleViolation, violates('sale-separately', 'soldOn'));
      given([]).when(withData({ manufacturerId: 'm2', manufacturerKind: 'manufacturer' })).thenThrows(DeviceRuleViolation, violates('manufacturer', 'manufacturerId'));
    });

    it('refuses a type outside the catalogue, a non-county or unknown code, coordinates outside China', () => {
      given([]).when(withData({ type: 'toaster' })).thenThrows(DeviceRuleViolation, violates('device-type', 'type'));
      given([]).when(withData({ countyCode: '4403' })).thenThrows(DeviceRuleViolation, violates('county-code', 'countyCode'));
      given([]).when(withData({ countyCode: '449999' })).thenThrows(DeviceRuleViolation, violates('division-unknown', 'countyCode'));
      given([]).when(withData({ countyCode: 'x' })).thenThrows(DeviceRuleViolation, violates('division-code', 'countyCode'));
      given([]).when(withData({ coordinates: { lat: 91, lng: 113 } })).thenThrows(DeviceRuleViolation, violates('coordinates-range', 'coordinates.lat'));
      given([]).when(withData({ coordinates: { lat: 22, lng: 13 } })).thenThrows(DeviceRuleViolation, violates('coordinates-range', 'coordinates.lng'));
    });

    it('refuses dates that are not dates, in the future, or a sale before manufacture', () => {
      given([]).when(withData({ manufacturedOn: '2026-02-30' })).thenThrows(DeviceRuleViolation, violates('date', 'manufacturedOn'));
      given([]).when(withData({ manufacturedOn: '2026-12-02' })).thenThrows(DeviceRuleViolation, violates('date-in-future', 'manufacturedOn'));
      given([]).when(withData({ manufacturedOn: '1900-01-01' })).thenThrows(DeviceRuleViolation, violates('date-range', 'manufacturedOn'));
      given([])
        .when(registerBy(user, { soldOn: '2025-05-31' }))
        .thenThrows(DeviceRuleViolation, violates('sold-before-manufactured', 'soldOn'));
      // 08:00Z is 16:00 in China: the 1st of December is today, not the future.
      expect(given([]).when(withData({ manufacturedOn: '2026-12-01' })).events()).toHaveLength(1);
    });

    it('refuses warranty months outside 0..120 and malformed numbers, parameters and images', () => {
      given([]).when(withData({ warrantyMonths: 121 })).thenThrows(DeviceRuleViolation, violates('warranty-months', 'warrantyMonths'));
      given([]).when(withData({ warrantyMonths: 1.5 })).thenThrows(DeviceRuleViolation, violates('warranty-months', 'warrantyMonths'));
      given([]).when(withData({ number: 'SN 001' })).thenThrows(DeviceRuleViolation, violates('device-number', 'number'));
      given([]).when(withData({ name: '  ' })).thenThrows(DeviceRuleViolation, violates('required', 'name'));
      given([])
        .when(withData({ parameters: [{ name: 'a', value: '1', unit: '' }, { name: 'a', value: '2', unit: '' }] }))
        .thenThrows(DeviceRuleViolation, violates('duplicate', 'parameters.1.name'));
      given([])
        .when(withData({ images: [{ blobId: 'b', mediaType: 'application/pdf', size: 10 }] }))
        .thenThrows(DeviceRuleViolation, violates('media-type', 'images.0.mediaType'));
      given([]).when(withData({ qrToken: 'short' })).thenThrows(DeviceRuleViolation, violates('qr-token', 'qrToken'));
    });

    it('happens once', () => {
      given([made]).when(registerBy(maker)).thenThrows(IllegalTransition);
    });
  });

  describe('sale', () => {
    const sell = (by: Party, change: Partial<Extract<DeviceCommand, { type: 'SellDevice' }>['data']> = {}): DeviceCommand => ({
      type: 'SellDevice',
      data: { ownerId: 'o1', ownerKind: 'equipment-user', soldOn: '2026-01-15', by, at, ...change },
    });

    it('by the manufacturer to an equipment user starts the warranty', () => {
      given([made]).when(sell(maker)).then([sold]);
    });

    it('only by the manufacturer, once, to an equipment user, after manufacture', () => {
      given([made]).when(sell(user)).thenThrows(DeviceRuleViolation, violates('not-your-role', 'by'));
      given([made, sold]).when(sell(maker)).thenThrows(DeviceRuleViolation, violates('already-sold', 'ownerId'));
      given([made]).when(sell(maker, { ownerKind: 'service-provider' })).thenThrows(DeviceRuleViolation, violates('owner-kind', 'ownerId'));
      given([made]).when(sell(maker, { soldOn: '2025-01-01' })).thenThrows(DeviceRuleViolation, violates('sold-before-manufactured', 'soldOn'));
      given([made]).when(sell(maker, { soldOn: '2027-01-01' })).thenThrows(DeviceRuleViolation, violates('date-in-future', 'soldOn'));
      given([]).when(sell(maker)).thenThrows(IllegalTransition);
    });
  });

  describe('edits', () => {
    const update = (by: Party, change: Partial<typeof submission> = {}): DeviceCommand => ({
      type: 'UpdateDevice',
      data: { ...submission, ...change, by, at },
    });

    it('by owner or manufacturer; the warranty end follows the months', () => {
      given([made, sold])
        .when(update(user, { warrantyMonths: 24 }))
        .then([{ type: 'DeviceUpdated', data: { ...details, warrantyMonths: 24, warrantyEndsOn: '2028-01-15', by: user, at } }]);
      given([made]).when(update(maker)).then([{ type: 'DeviceUpdated', data: { ...details, warrantyEndsOn: null, by: maker, at } }]);
    });

    it('not by another enterprise or an operator, nor on a scrapped device', () => {
      given([made, sold]).when(update(otherUser)).thenThrows(DeviceRuleViolation, violates('not-your-role', 'by'));
      given([made, sold]).when(update(operator)).thenThrows(DeviceRuleViolation, violates('not-your-role', 'by'));
      given([made, sold, retired]).when(update(user)).thenThrows(IllegalTransition);
      given([made, sold]).when(update(user, { manufacturedOn: '2026-02-01' })).thenThrows(DeviceRuleViolation, violates('sold-before-manufactured', 'soldOn'));
    });

    it('images by owner or manufacturer, at most nine', () => {
      const change = (images: typeof image[], by: Party = maker): DeviceCommand => ({ type: 'ChangeDeviceImages', data: { images, by, at } });
      given([made]).when(change([])).then([{ type: 'DeviceImagesChanged', data: { images: [], by: maker, at } }]);
      given([made]).when(change(Array.from({ length: 10 }, (_, i) => ({ ...image, blobId: `b${i}` })))).thenThrows(DeviceRuleViolation, violates('max-items', 'images'));
      given([made]).when(change([], otherUser)).thenThrows(DeviceRuleViolation, violates('not-your-role', 'by'));
    });
  });

  describe('running the device is its holder’s decision', () => {
    const status = (s: string, by: Party): DeviceCommand => ({ type: 'ChangeDeviceStatus', data: { status: s, by, at } });
    const publicRequests = (enabled: boolean, by: Party): DeviceCommand => ({ type: 'ChangeDevicePublicRequests', data: { enabled, by, at } });
    const retire = (by: Party): DeviceCommand => ({ type: 'RetireDevice', data: { reason: ' 报废 ', by, at } });

    it('status: the manufacturer until the sale, the owner after', () => {
      given([made]).when(status('idle', maker)).then([{ type: 'DeviceStatusChanged', data: { status: 'idle', by: maker, at } }]);
      given([made, sold]).when(status('faulty', user)).then([{ type: 'DeviceStatusChanged', data: { status: 'faulty', by: user, at } }]);
      given([made, sold]).when(status('faulty', maker)).thenThrows(DeviceRuleViolation, violates('not-your-role', 'by'));
      given([made, sold]).when(status('active', user)).then([]);
      given([made, sold]).when(status('scrapped', user)).thenThrows(DeviceRuleViolation, violates('status', 'status'));
    });

    it('public requests are switched by the holder; repeating the switch changes nothing', () => {
      const enabled: DeviceEvent = { type: 'DevicePublicRequestsChanged', data: { enabled: true, by: user, at } };
      given([made, sold]).when(publicRequests(true, user)).then([enabled]);
      given([made, sold, enabled]).when(publicRequests(true, user)).then([]);
      given([made, sold]).when(publicRequests(true, operator)).thenThrows(DeviceRuleViolation, violates('not-your-role', 'by'));
    });

    it('retirement scraps the device for good', () => {
      given([made, sold]).when(retire(user)).then([retired]);
      given([made, sold, retired]).when(retire(user)).thenThrows(IllegalTransition);
      given([made, sold, retired]).when(status('active', user)).thenThrows(IllegalTransition);
      given([made, sold]).when({ type: 'RetireDevice', data: { reason: '', by: user, at } }).thenThrows(DeviceRuleViolation, violates('required', 'reason'));
    });
  });

  describe('warranty expiry notice', () => {
    const notice = (when: string): DeviceCommand => ({ type: 'NoticeWarrantyExpiry', data: { at: when } });
    const noticed: DeviceEvent = { type: 'WarrantyExpiryNoticed', data: { warrantyEndsOn: '2027-01-15', daysLeft: 30, at: '2026-12-16T01:00:00.000Z' } };

    it('comes within 30 days of the end, once per end date', () => {
      given([made, sold]).when(notice('2026-12-15T01:00:00.000Z')).then([]);
      given([made, sold]).when(notice('2026-12-16T01:00:00.000Z')).then([noticed]);
      given([made, sold, noticed]).when(notice('2026-12-17T01:00:00.000Z')).then([]);
    });

    it('comes again for a new end date after the warranty was extended', () => {
      const extended: DeviceEvent = { type: 'DeviceUpdated', data: { ...details, warrantyMonths: 13, warrantyEndsOn: '2027-02-15', by: user, at } };
      given([made, sold, noticed, extended])
        .when(notice('2027-01-20T01:00:00.000Z'))
        .then([{ type: 'WarrantyExpiryNoticed', data: { warrantyEndsOn: '2027-02-15', daysLeft: 26, at: '2027-01-20T01:00:00.000Z' } }]);
    });

    it('never for an unsold, scrapped or unknown device', () => {
      given([made]).when(notice(at)).then([]);
      given([made, sold, retired]).when(notice('2027-01-10T00:00:00.000Z')).then([]);
      given([]).when(notice(at)).then([]);
    });
  });

  it('computes the warranty end on the same day of the month, or the month’s last day', () => {
    expect(warrantyEndOf('2026-01-31', 1)).toBe('2026-02-28');
    expect(warrantyEndOf('2024-01-31', 1)).toBe('2024-02-29');
    expect(warrantyEndOf('2026-11-15', 14)).toBe('2028-01-15');
    expect(warrantyEndOf('2026-11-15', 0)).toBe('2026-11-15');
    expect(warrantyEndOf(null, 12)).toBeNull();
  });
});

describe('DeviceNumberClaim', () => {
  const given = deciderSpec(deviceNumberClaim);
  const claim = (deviceId: string) => ({ type: 'ClaimDeviceNumber' as const, data: { registrantId: 'm1', number: 'SN-001', deviceId, at } });

  it('holds a number for one device; the same device claiming again changes nothing', () => {
    given([]).when(claim('d1')).then([{ type: 'DeviceNumberClaimed', data: claim('d1').data }]);
    given([{ type: 'DeviceNumberClaimed', data: claim('d1').data }]).when(claim('d1')).then([]);
    given([{ type: 'DeviceNumberClaimed', data: claim('d1').data }])
      .when(claim('d2'))
      .thenThrows(DeviceRuleViolation, violates('number-taken', 'number'));
  });
});
