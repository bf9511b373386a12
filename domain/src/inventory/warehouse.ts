import { IllegalTransition, type Command, type Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { EnterpriseKind } from '../devices/device.commands';
import type { Party } from '../maintenance/party';
import { assertMember, boundedText, enterpriseOf, INVENTORY_LIMITS, violation } from './inventory-rules';

// ---- Warehouses (stream `Warehouse-<warehouseId>`) ---------------------------------------------------
// Service providers and manufacturers keep stock. A warehouse is a store room (`central`), a store at a
// customer's site (`site`), or an engineer's van (`van`, held by that engineer and refilled by transfers).

export const WAREHOUSE_KINDS = ['central', 'site', 'van'] as const;
export type WarehouseKind = (typeof WAREHOUSE_KINDS)[number];
export const BIN_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/;

export type WarehouseDetails = {
  readonly name: string;
  readonly address: string;
  /** Optional bin (shelf) codes; stock may be shelved into one of them. */
  readonly bins: readonly string[];
};

export type WarehouseOpened = DomainEvent<
  'WarehouseOpened',
  WarehouseDetails & { warehouseId: string; enterpriseId: string; kind: WarehouseKind; engineerId: string | null; by: Party; at: string }
>;
export type WarehouseUpdated = DomainEvent<'WarehouseUpdated', WarehouseDetails & { by: Party; at: string }>;
export type WarehouseEvent = WarehouseOpened | WarehouseUpdated;

export type OpenWarehouse = Command<
  'OpenWarehouse',
  WarehouseDetails & {
    warehouseId: string;
    kind: string;
    engineerId: string | null;
    /** The acting enterprise's kind, as its stream says. */
    enterpriseKind: EnterpriseKind;
    /** Whether `engineerId` is an active member of the enterprise, as its memberships say. */
    engineerIsMember: boolean;
    by: Party;
    at: string;
  }
>;
export type UpdateWarehouse = Command<'UpdateWarehouse', WarehouseDetails & { by: Party; at: string }>;
export type WarehouseCommand = OpenWarehouse | UpdateWarehouse;

export type OpenedWarehouse = WarehouseDetails & {
  readonly status: 'open';
  readonly warehouseId: string;
  readonly enterpriseId: string;
  readonly kind: WarehouseKind;
  readonly engineerId: string | null;
};
export type WarehouseState = { readonly status: 'none' } | OpenedWarehouse;

export const warehouseStream = (warehouseId: string): string => `Warehouse-${warehouseId}`;

const detailsOf = (d: WarehouseDetails): WarehouseDetails => {
  if (d.bins.length > INVENTORY_LIMITS.bins) throw violation('max-items', 'bins', `a warehouse has at most ${INVENTORY_LIMITS.bins} bins`);
  const seen = new Set<string>();
  const bins = d.bins.map((b, i) => {
    const bin = b.trim();
    if (!BIN_CODE_PATTERN.test(bin)) throw violation('bin-code', `bins.${i}`, 'a bin code is 1–20 letters, digits, dots, dashes or underscores, such as A-01-3');
    if (seen.has(bin.toUpperCase())) throw violation('duplicate', `bins.${i}`, `bin ${bin} is given twice`);
    seen.add(bin.toUpperCase());
    return bin;
  });
  return { name: boundedText(d.name, 'name', INVENTORY_LIMITS.name), address: boundedText(d.address, 'address', INVENTORY_LIMITS.address, false), bins };
};

export const warehouse: Decider<WarehouseCommand, WarehouseEvent, WarehouseState> = {
  initialState: () => ({ status: 'none' }),
  decide: (command, state) => {
    switch (command.type) {
      case 'OpenWarehouse': {
        if (state.status !== 'none') throw new IllegalTransition(state.status, command.type);
        const { warehouseId, kind, engineerId, enterpriseKind, engineerIsMember, by, at, ...details } = command.data;
        const enterpriseId = enterpriseOf(by);
        if (enterpriseId === null || (enterpriseKind !== 'service-provider' && enterpriseKind !== 'manufacturer'))
          throw violation('not-your-role', 'by', 'warehouses are kept by service providers and manufacturers');
        const k = WAREHOUSE_KINDS.find((w) => w === kind);
        if (k === undefined) throw violation('warehouse-kind', 'kind', `kind is one of ${WAREHOUSE_KINDS.join(', ')}`);
        if (k === 'van' && engineerId === null) throw violation('required', 'engineerId', 'a van warehouse names the engineer who drives it');
        if (k !== 'van' && engineerId !== null) throw violation('engineer-van-only', 'engineerId', 'only a van warehouse is held by an engineer');
        if (engineerId !== null && !engineerIsMember) throw violation('engineer-member', 'engineerId', 'the engineer must be an active member of the enterprise');
        return [{ type: 'WarehouseOpened', data: { warehouseId, enterpriseId, kind: k, engineerId, ...detailsOf(details), by, at } }];
      }
      case 'UpdateWarehouse': {
        if (state.status === 'none') throw new IllegalTransition(state.status, command.type);
        const { by, at, ...details } = command.data;
        assertMember(by, state.enterpriseId);
        return [{ type: 'WarehouseUpdated', data: { ...detailsOf(details), by, at } }];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'WarehouseOpened': {
        const { by: _by, at: _at, ...d } = event.data;
        return { status: 'open', ...d };
      }
      case 'WarehouseUpdated':
        return state.status === 'none' ? state : { ...state, name: event.data.name, address: event.data.address, bins: event.data.bins };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
};
