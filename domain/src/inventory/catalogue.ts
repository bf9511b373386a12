import { IllegalTransition, type Command, type Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { Party } from '../maintenance/party';
import {
  assertMember,
  CATEGORY_CODE_PATTERN,
  enterpriseOf,
  INVENTORY_LIMITS,
  isPartUnit,
  PART_CODE_PATTERN,
  PART_CODE_RULE,
  partCodeOf,
  boundedText,
  violation,
  wholeNumber,
  type PartUnit,
} from './inventory-rules';

// ---- The parts catalogue (INV-1): a classification tree and the parts in it ------------------------
// A category (stream `PartCategory-<enterpriseId>:<CODE>`) also hands out the codes of its parts: a part
// code starts with its category's code, and the category's stream is the one place that knows which of
// its codes are taken — so a code is unique per enterprise without a separate claim.

export type PartCategoryCreated = DomainEvent<
  'PartCategoryCreated',
  { enterpriseId: string; code: string; name: string; parentCode: string | null; /** Codes from the root down to this one. */ path: readonly string[]; by: Party; at: string }
>;
export type PartCategoryRenamed = DomainEvent<'PartCategoryRenamed', { name: string; by: Party; at: string }>;
export type PartCodeAllocated = DomainEvent<'PartCodeAllocated', { partId: string; code: string; sequence: number; at: string }>;
export type PartCategoryEvent = PartCategoryCreated | PartCategoryRenamed | PartCodeAllocated;

export type CreatePartCategory = Command<
  'CreatePartCategory',
  { enterpriseId: string; code: string; name: string; /** The parent as its stream says, null for a root category. */ parent: { code: string; path: readonly string[] } | null; by: Party; at: string }
>;
export type RenamePartCategory = Command<'RenamePartCategory', { name: string; by: Party; at: string }>;
/** A code for a new part: the one asked for (an import's), or the category's next free one. */
export type AllocatePartCode = Command<'AllocatePartCode', { partId: string; code: string | null; by: Party; at: string }>;
export type PartCategoryCommand = CreatePartCategory | RenamePartCategory | AllocatePartCode;

export type PartCategoryState =
  | { readonly status: 'none' }
  | {
      readonly status: 'created';
      readonly enterpriseId: string;
      readonly code: string;
      readonly name: string;
      readonly path: readonly string[];
      readonly nextSequence: number;
      readonly codes: Readonly<Record<string, string>>;
      readonly codeOfPart: Readonly<Record<string, string>>;
    };

export const partCategoryStream = (enterpriseId: string, code: string): string => `PartCategory-${enterpriseId}:${code}`;

const MAX_SEQUENCE = 999_999;

export const partCategory: Decider<PartCategoryCommand, PartCategoryEvent, PartCategoryState> = {
  initialState: () => ({ status: 'none' }),
  decide: (command, state) => {
    switch (command.type) {
      case 'CreatePartCategory': {
        const { enterpriseId, code, name, parent, by, at } = command.data;
        if (state.status !== 'none') throw violation('category-exists', 'code', `category ${code} exists already`);
        assertMember(by, enterpriseId);
        if (!CATEGORY_CODE_PATTERN.test(code)) throw violation('category-code', 'code', 'a category code is 2–12 capital letters or digits, such as BRG01');
        if (parent !== null && parent.path.length >= INVENTORY_LIMITS.categoryDepth)
          throw violation('category-depth', 'parentCode', `the classification tree is at most ${INVENTORY_LIMITS.categoryDepth} levels deep`);
        return [
          {
            type: 'PartCategoryCreated',
            data: { enterpriseId, code, name: boundedText(name, 'name', INVENTORY_LIMITS.name), parentCode: parent?.code ?? null, path: [...(parent?.path ?? []), code], by, at },
          },
        ];
      }
      case 'RenamePartCategory': {
        if (state.status === 'none') throw new IllegalTransition(state.status, command.type);
        assertMember(command.data.by, state.enterpriseId);
        const name = boundedText(command.data.name, 'name', INVENTORY_LIMITS.name);
        return name === state.name ? [] : [{ type: 'PartCategoryRenamed', data: { name, by: command.data.by, at: command.data.at } }];
      }
      case 'AllocatePartCode': {
        if (state.status === 'none') throw violation('category-unknown', 'categoryCode', 'no such category in the catalogue');
        const { partId, code, by, at } = command.data;
        assertMember(by, state.enterpriseId);
        const held = state.codeOfPart[partId];
        if (held !== undefined) {
          if (code !== null && code !== held) throw violation('code-taken', 'code', `the part has the code ${held} already`);
          return [];
        }
        if (code === null) {
          if (state.nextSequence > MAX_SEQUENCE) throw violation('category-full', 'categoryCode', `category ${state.code} has no free part code left`);
          return [{ type: 'PartCodeAllocated', data: { partId, code: partCodeOf(state.code, state.nextSequence), sequence: state.nextSequence, at } }];
        }
        const match = PART_CODE_PATTERN.exec(code);
        if (!match || match[1] !== state.code) throw violation('part-code', 'code', `${PART_CODE_RULE} (here: ${state.code}-0001)`);
        const sequence = Number(match[2]);
        if (sequence === 0) throw violation('part-code', 'code', 'a part code’s sequence starts at 0001');
        // One sequence, one code: BRG-007 and BRG-0007 would read as the same part.
        const canonical = partCodeOf(state.code, sequence);
        if (canonical !== code) throw violation('part-code', 'code', `write the code as ${canonical}`);
        if (state.codes[code] !== undefined) throw violation('code-taken', 'code', `part code ${code} is taken`);
        return [{ type: 'PartCodeAllocated', data: { partId, code, sequence, at } }];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'PartCategoryCreated':
        return { status: 'created', enterpriseId: event.data.enterpriseId, code: event.data.code, name: event.data.name, path: event.data.path, nextSequence: 1, codes: {}, codeOfPart: {} };
      case 'PartCategoryRenamed':
        return state.status === 'none' ? state : { ...state, name: event.data.name };
      case 'PartCodeAllocated':
        return state.status === 'none'
          ? state
          : {
              ...state,
              nextSequence: Math.max(state.nextSequence, event.data.sequence + 1),
              codes: { ...state.codes, [event.data.code]: event.data.partId },
              codeOfPart: { ...state.codeOfPart, [event.data.partId]: event.data.code },
            };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
};

// ---- A part (stream `Part-<partId>`) ---------------------------------------------------------------

export type PartSupplier = { readonly name: string; /** Price per unit of the part, integer fen. */ readonly priceFen: number };

/** What the catalogue says about a part; checked again whenever it changes. */
export type PartDetails = {
  readonly name: string;
  readonly model: string;
  readonly spec: string;
  readonly maker: string;
  readonly unit: PartUnit;
  /** Below or at this available quantity a part × warehouse counts as low (0: no threshold). */
  readonly safetyStock: number;
  readonly suppliers: readonly PartSupplier[];
  /** Device models the part fits (free text, as the device registry writes models). */
  readonly compatibleModels: readonly string[];
};

export type PartSubmission = Omit<PartDetails, 'unit'> & { readonly unit: string };

export type PartRegistered = DomainEvent<
  'PartRegistered',
  PartDetails & { partId: string; enterpriseId: string; code: string; categoryCode: string; categoryPath: readonly string[]; by: Party; at: string }
>;
export type PartUpdated = DomainEvent<'PartUpdated', PartDetails & { by: Party; at: string }>;
export type PartEvent = PartRegistered | PartUpdated;

export type RegisterPart = Command<
  'RegisterPart',
  PartSubmission & { partId: string; code: string; category: { code: string; path: readonly string[] }; by: Party; at: string }
>;
export type UpdatePart = Command<'UpdatePart', PartSubmission & { by: Party; at: string }>;
export type PartCommand = RegisterPart | UpdatePart;

export type RegisteredPart = PartDetails & {
  readonly status: 'registered';
  readonly partId: string;
  readonly enterpriseId: string;
  readonly code: string;
  readonly categoryCode: string;
  readonly categoryPath: readonly string[];
};
export type PartState = { readonly status: 'none' } | RegisteredPart;

export const partStream = (partId: string): string => `Part-${partId}`;

const uniqueTexts = (values: readonly string[], field: string, max: number, maxLength: number): string[] => {
  if (values.length > max) throw violation('max-items', field, `${field} has at most ${max} entries`);
  const seen = new Set<string>();
  return values.map((v, i) => {
    const t = boundedText(v, `${field}.${i}`, maxLength);
    if (seen.has(t.toLowerCase())) throw violation('duplicate', `${field}.${i}`, `${t} is given twice`);
    seen.add(t.toLowerCase());
    return t;
  });
};

/** The submission, checked. */
export const partDetailsOf = (s: PartSubmission): PartDetails => {
  if (!isPartUnit(s.unit)) throw violation('unit', 'unit', `unit is one of the catalogue's units, such as pcs or set`);
  const names = uniqueTexts(
    s.suppliers.map((x) => x.name),
    'suppliers',
    INVENTORY_LIMITS.suppliers,
    INVENTORY_LIMITS.name,
  );
  return {
    name: boundedText(s.name, 'name', INVENTORY_LIMITS.name),
    model: boundedText(s.model, 'model', INVENTORY_LIMITS.model, false),
    spec: boundedText(s.spec, 'spec', INVENTORY_LIMITS.spec, false),
    maker: boundedText(s.maker, 'maker', INVENTORY_LIMITS.maker, false),
    unit: s.unit,
    safetyStock: wholeNumber(s.safetyStock, 'safetyStock', 0, INVENTORY_LIMITS.safetyStock),
    suppliers: s.suppliers.map((x, i) => ({ name: names[i]!, priceFen: wholeNumber(x.priceFen, `suppliers.${i}.priceFen`, 0, INVENTORY_LIMITS.unitCostFen) })),
    compatibleModels: uniqueTexts(s.compatibleModels, 'compatibleModels', INVENTORY_LIMITS.compatibleModels, INVENTORY_LIMITS.model),
  };
};

export const part: Decider<PartCommand, PartEvent, PartState> = {
  initialState: () => ({ status: 'none' }),
  decide: (command, state) => {
    switch (command.type) {
      case 'RegisterPart': {
        if (state.status !== 'none') throw new IllegalTransition(state.status, command.type);
        const { partId, code, category, by, at, ...submission } = command.data;
        const enterpriseId = enterpriseOf(by);
        if (enterpriseId === null) throw violation('not-your-role', 'by', 'parts are registered by the enterprise that keeps them');
        const match = PART_CODE_PATTERN.exec(code);
        if (!match || match[1] !== category.code) throw violation('part-code', 'code', PART_CODE_RULE);
        return [
          {
            type: 'PartRegistered',
            data: { partId, enterpriseId, code, categoryCode: category.code, categoryPath: [...category.path], ...partDetailsOf(submission), by, at },
          },
        ];
      }
      case 'UpdatePart': {
        if (state.status === 'none') throw new IllegalTransition(state.status, command.type);
        const { by, at, ...submission } = command.data;
        assertMember(by, state.enterpriseId);
        return [{ type: 'PartUpdated', data: { ...partDetailsOf(submission), by, at } }];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'PartRegistered': {
        const { by: _by, at: _at, ...d } = event.data;
        return { status: 'registered', ...d };
      }
      case 'PartUpdated': {
        if (state.status === 'none') return state;
        const { by: _by, at: _at, ...d } = event.data;
        return { ...state, ...d };
      }
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
};
