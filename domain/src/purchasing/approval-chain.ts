import { IllegalTransition, type Command, type Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { Party } from '../maintenance/party';
import { assertOfEnterprise, PURCHASING_LIMITS, purchaseRefusal, ROLE_KEY_PATTERN } from './purchasing-rules';

// ---- An enterprise's approval chain for purchase requests (stream `PurchaseApprovalChain-<enterpriseId>`)
// Amount bands, each with its levels of approval: a request of a total up to a band's `upToFen` needs
// every level of that band, in order; a level is approved by a holder of one of its roles (role keys:
// built-in such as `warehouse-manager`, `admin`, or the enterprise's own). The last band is open-ended.

export type ApprovalLevel = { readonly level: number; readonly roles: readonly string[] };
export type ApprovalBand = { readonly upToFen: number | null; readonly levels: readonly ApprovalLevel[] };

/** The chain of an enterprise that configured none: one level, its admins or warehouse managers. */
export const DEFAULT_APPROVAL_CHAIN: readonly ApprovalBand[] = [
  { upToFen: null, levels: [{ level: 1, roles: ['admin', 'warehouse-manager'] }] },
];

export type ApprovalChainConfigured = DomainEvent<
  'ApprovalChainConfigured',
  { enterpriseId: string; bands: readonly ApprovalBand[]; by: Party; at: string }
>;
export type ApprovalChainEvent = ApprovalChainConfigured;

export type BandSubmission = { readonly upToFen: number | null; readonly levels: readonly { readonly roles: readonly string[] }[] };
export type ConfigureApprovalChain = Command<
  'ConfigureApprovalChain',
  { enterpriseId: string; bands: readonly BandSubmission[]; by: Party; at: string }
>;
export type ApprovalChainCommand = ConfigureApprovalChain;

export type ApprovalChainState = { readonly configured: boolean; readonly bands: readonly ApprovalBand[] };

export const approvalChainStream = (enterpriseId: string): string => `PurchaseApprovalChain-${enterpriseId}`;

/** The levels a request of `totalFen` needs: those of the first band it fits in. */
export const levelsFor = (bands: readonly ApprovalBand[], totalFen: number): readonly ApprovalLevel[] =>
  (bands.find((b) => b.upToFen === null || totalFen <= b.upToFen) ?? bands[bands.length - 1])?.levels ?? [];

const bandsOf = (bands: readonly BandSubmission[]): ApprovalBand[] => {
  if (bands.length < 1 || bands.length > PURCHASING_LIMITS.bands)
    throw purchaseRefusal('max-items', 'bands', `a chain has 1 to ${PURCHASING_LIMITS.bands} amount bands`);
  let previous = 0;
  return bands.map((band, b) => {
    const last = b === bands.length - 1;
    if (last && band.upToFen !== null)
      throw purchaseRefusal('open-ended', `bands.${b}.upToFen`, 'the last band takes every larger amount: its upToFen is null');
    if (!last) {
      if (band.upToFen === null) throw purchaseRefusal('open-ended', `bands.${b}.upToFen`, 'only the last band is open-ended');
      if (!Number.isSafeInteger(band.upToFen) || band.upToFen <= previous)
        throw purchaseRefusal('ascending', `bands.${b}.upToFen`, 'band limits are whole amounts of fen, each larger than the one before');
      previous = band.upToFen;
    }
    if (band.levels.length < 1 || band.levels.length > PURCHASING_LIMITS.levels)
      throw purchaseRefusal('max-items', `bands.${b}.levels`, `a band has 1 to ${PURCHASING_LIMITS.levels} levels of approval`);
    const levels = band.levels.map((level, l) => {
      if (level.roles.length < 1 || level.roles.length > PURCHASING_LIMITS.rolesPerLevel)
        throw purchaseRefusal('max-items', `bands.${b}.levels.${l}.roles`, `a level names 1 to ${PURCHASING_LIMITS.rolesPerLevel} roles`);
      level.roles.forEach((role, r) => {
        if (!ROLE_KEY_PATTERN.test(role))
          throw purchaseRefusal(
            'role-key',
            `bands.${b}.levels.${l}.roles.${r}`,
            'a role key is lower-case letters, digits and dashes, such as warehouse-manager',
          );
      });
      return { level: l + 1, roles: [...new Set(level.roles)] };
    });
    return { upToFen: band.upToFen, levels };
  });
};

export const approvalChain: Decider<ApprovalChainCommand, ApprovalChainEvent, ApprovalChainState> = {
  initialState: () => ({ configured: false, bands: DEFAULT_APPROVAL_CHAIN }),
  decide: (command) => {
    switch (command.type) {
      case 'ConfigureApprovalChain': {
        const { enterpriseId, bands, by, at } = command.data;
        if (by.kind === 'system') throw new IllegalTransition('system', command.type);
        assertOfEnterprise(by, enterpriseId);
        return [{ type: 'ApprovalChainConfigured', data: { enterpriseId, bands: bandsOf(bands), by, at } }];
      }
      default: {
        const unreachable: never = command.type;
        return unreachable;
      }
    }
  },
  evolve: (_state, event) => ({ configured: true, bands: event.data.bands }),
};
