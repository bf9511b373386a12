import { IllegalTransition, type Decider } from '../event-sourcing/decider';
import type { Party } from '../maintenance/party';
import type { DeviceCommand } from './device.commands';
import type { DeviceDetails, DeviceEvent, DeviceImage, DeviceStatus } from './device.events';
import { DEVICE_OPERATING_STATUSES } from './device.events';
import {
  chinaDateOf,
  daysBetween,
  detailsOf,
  DeviceRuleViolation,
  DEVICE_LIMITS,
  DEVICE_NUMBER_PATTERN,
  imagesOf,
  pastDate,
  saleAfterManufacture,
  text,
  warrantyEndOf,
  WARRANTY_NOTICE_DAYS,
} from './device-rules';
import type { TenancyRules } from '../tenancy';

// ---- State ---------------------------------------------------------------------------------------

export type RegisteredDevice = DeviceDetails & {
  readonly status: DeviceStatus;
  readonly deviceId: string;
  readonly number: string;
  readonly registrantId: string;
  readonly ownerId: string | null;
  readonly manufacturerId: string | null;
  readonly soldOn: string | null;
  readonly warrantyEndsOn: string | null;
  readonly images: readonly DeviceImage[];
  readonly qrToken: string;
  readonly publicRequests: boolean;
  /** Warranty end dates already brought to notice: one reminder per end, also after replays. */
  readonly noticedWarrantyEnds: readonly string[];
};

export type DeviceState = { readonly status: 'unregistered' } | RegisteredDevice;

// ---- Logic ---------------------------------------------------------------------------------------

const notYourRole = (message: string) => new DeviceRuleViolation('not-your-role', 'by', message);

/** The enterprise that runs the device: its owner once sold, its manufacturer until then. */
export const holderOf = (device: RegisteredDevice): string => device.ownerId ?? device.manufacturerId ?? device.registrantId;

const enterpriseOf = (by: Party): string | null => (by.kind === 'enterprise' ? by.enterpriseId : null);

/** Owner and manufacturer both keep the device's record (details, photos). */
const assertSharer = (device: RegisteredDevice, by: Party): void => {
  const id = enterpriseOf(by);
  if (id === null || (id !== device.ownerId && id !== device.manufacturerId))
    throw notYourRole('only the device owner or its manufacturer may change the device');
};

/** How the device is run (status, public requests, retirement) is its holder's decision. */
const assertHolder = (device: RegisteredDevice, by: Party): void => {
  if (enterpriseOf(by) !== holderOf(device)) throw notYourRole('only the enterprise that runs the device may do this');
};

const registered = (state: DeviceState, command: string): RegisteredDevice => {
  if (state.status === 'unregistered') throw new IllegalTransition(state.status, command);
  if (state.status === 'scrapped') throw new IllegalTransition(state.status, command);
  return state;
};

const QR_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

const decideWith =
  (rules: TenancyRules) =>
  (command: DeviceCommand, state: DeviceState): DeviceEvent[] => {
    const { type } = command;
    switch (command.type) {
      case 'RegisterDevice': {
        if (state.status !== 'unregistered') throw new IllegalTransition(state.status, type);
        const { deviceId, number, by, byKind, manufacturerId, manufacturerKind, soldOn, images, qrToken, at, ...submission } = command.data;
        const registrantId = enterpriseOf(by);
        if (registrantId === null || (byKind !== 'manufacturer' && byKind !== 'equipment-user'))
          throw notYourRole('devices are registered by their manufacturer or by the equipment user that runs them');
        const today = chinaDateOf(at);
        const trimmed = number.trim();
        if (!DEVICE_NUMBER_PATTERN.test(trimmed))
          throw new DeviceRuleViolation('device-number', 'number', 'the number has 1 to 64 letters, digits, dots, dashes or underscores');
        if (!QR_TOKEN_PATTERN.test(qrToken)) throw new DeviceRuleViolation('qr-token', 'qrToken', 'the QR token is not an unguessable token');
        const details = detailsOf(rules, submission, today);
        if (byKind === 'manufacturer') {
          if (manufacturerId !== null && manufacturerId !== registrantId)
            throw new DeviceRuleViolation('manufacturer', 'manufacturerId', 'a manufacturer registers its own devices');
          if (soldOn !== null)
            throw new DeviceRuleViolation('sale-separately', 'soldOn', 'a manufacturer records the sale with the owner it sold the device to');
        } else if (manufacturerId !== null && manufacturerKind !== 'manufacturer')
          throw new DeviceRuleViolation('manufacturer', 'manufacturerId', `${manufacturerId} is not a manufacturer on the platform`);
        const owner = byKind === 'manufacturer' ? null : registrantId;
        const manufacturer = byKind === 'manufacturer' ? registrantId : manufacturerId;
        const sold = pastDate(soldOn, 'soldOn', today);
        saleAfterManufacture(sold, details.manufacturedOn);
        return [
          {
            type: 'DeviceRegistered',
            data: {
              deviceId,
              number: trimmed,
              ...details,
              registrantId,
              ownerId: owner,
              manufacturerId: manufacturer,
              soldOn: sold,
              warrantyEndsOn: warrantyEndOf(sold, details.warrantyMonths),
              images: imagesOf(images),
              qrToken,
              by,
              at,
            },
          },
        ];
      }
      case 'UpdateDevice': {
        const device = registered(state, type);
        const { by, at, ...submission } = command.data;
        assertSharer(device, by);
        const details = detailsOf(rules, submission, chinaDateOf(at));
        saleAfterManufacture(device.soldOn, details.manufacturedOn);
        return [{ type: 'DeviceUpdated', data: { ...details, warrantyEndsOn: warrantyEndOf(device.soldOn, details.warrantyMonths), by, at } }];
      }
      case 'SellDevice': {
        const device = registered(state, type);
        const { ownerId, ownerKind, soldOn, by, at } = command.data;
        if (enterpriseOf(by) === null || enterpriseOf(by) !== device.manufacturerId)
          throw notYourRole('only the manufacturer records the sale of its device');
        if (device.ownerId !== null)
          throw new DeviceRuleViolation('already-sold', 'ownerId', `the device was sold to ${device.ownerId} already`);
        if (ownerKind !== 'equipment-user')
          throw new DeviceRuleViolation('owner-kind', 'ownerId', `${ownerId} is not an equipment-user enterprise on the platform`);
        const sold = pastDate(soldOn, 'soldOn', chinaDateOf(at)) as string;
        saleAfterManufacture(sold, device.manufacturedOn);
        return [{ type: 'DeviceSold', data: { ownerId, soldOn: sold, warrantyEndsOn: warrantyEndOf(sold, device.warrantyMonths), by, at } }];
      }
      case 'ChangeDeviceStatus': {
        const device = registered(state, type);
        const { status, by, at } = command.data;
        assertHolder(device, by);
        const next = DEVICE_OPERATING_STATUSES.find((s) => s === status);
        if (next === undefined)
          throw new DeviceRuleViolation('status', 'status', `status is one of ${DEVICE_OPERATING_STATUSES.join(', ')}; scrap a device by retiring it`);
        return next === device.status ? [] : [{ type: 'DeviceStatusChanged', data: { status: next, by, at } }];
      }
      case 'ChangeDeviceImages': {
        const device = registered(state, type);
        const { images, by, at } = command.data;
        assertSharer(device, by);
        return [{ type: 'DeviceImagesChanged', data: { images: imagesOf(images), by, at } }];
      }
      case 'ChangeDevicePublicRequests': {
        const device = registered(state, type);
        const { enabled, by, at } = command.data;
        assertHolder(device, by);
        return enabled === device.publicRequests ? [] : [{ type: 'DevicePublicRequestsChanged', data: { enabled, by, at } }];
      }
      case 'RetireDevice': {
        const device = registered(state, type);
        const { reason, by, at } = command.data;
        assertHolder(device, by);
        return [{ type: 'DeviceRetired', data: { reason: text(reason, 'reason', DEVICE_LIMITS.reason), by, at } }];
      }
      case 'NoticeWarrantyExpiry': {
        // Asked by a daily job that may run twice or be replayed: the device's state answers once.
        if (state.status === 'unregistered' || state.status === 'scrapped') return [];
        const { warrantyEndsOn, noticedWarrantyEnds } = state;
        if (warrantyEndsOn === null || noticedWarrantyEnds.includes(warrantyEndsOn)) return [];
        const daysLeft = daysBetween(chinaDateOf(command.data.at), warrantyEndsOn);
        if (daysLeft > WARRANTY_NOTICE_DAYS) return [];
        return [{ type: 'WarrantyExpiryNoticed', data: { warrantyEndsOn, daysLeft, at: command.data.at } }];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  };

const evolve = (state: DeviceState, event: DeviceEvent): DeviceState => {
  if (event.type === 'DeviceRegistered') {
    const { at: _at, by: _by, ...d } = event.data;
    return { ...d, status: 'active', publicRequests: false, noticedWarrantyEnds: [] };
  }
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'DeviceUpdated': {
      const { at: _at, by: _by, ...d } = event.data;
      return { ...state, ...d };
    }
    case 'DeviceSold':
      return { ...state, ownerId: event.data.ownerId, soldOn: event.data.soldOn, warrantyEndsOn: event.data.warrantyEndsOn };
    case 'DeviceStatusChanged':
      return { ...state, status: event.data.status };
    case 'DeviceImagesChanged':
      return { ...state, images: event.data.images };
    case 'DevicePublicRequestsChanged':
      return { ...state, publicRequests: event.data.enabled };
    case 'DeviceRetired':
      return { ...state, status: 'scrapped', publicRequests: false };
    case 'WarrantyExpiryNoticed':
      return { ...state, noticedWarrantyEnds: [...state.noticedWarrantyEnds, event.data.warrantyEndsOn] };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

/** A device: registration, edits, sale, status, photos, public requests, retirement, warranty notice (DEV-1, DEV-7). */
export const device = (rules: TenancyRules): Decider<DeviceCommand, DeviceEvent, DeviceState> => ({
  initialState: () => ({ status: 'unregistered' }),
  decide: decideWith(rules),
  evolve,
});
