import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import { ExpertHelpNotYourRole, ExpertHelpRuleViolation, MAX_BIO_LENGTH, MAX_TARIFF_FEN, textOf } from './expert-help-rules';

// ---- An expert's own terms: tariff per help and whether they take requests (stream ExpertProfile-<userId>) --
// Fields of expertise and years are the operators' certification; the tariff, the availability and a
// short introduction are the expert's to publish.

export const expertProfileStream = (userId: string): string => `ExpertProfile-${userId}`;

export type ExpertTerms = {
  /** What one help costs the engineer's provider, in fen. */
  readonly tariffFen: number;
  readonly available: boolean;
  readonly bio: string;
};

export type ExpertProfileSet = DomainEvent<'ExpertProfileSet', ExpertTerms & { readonly expertId: string; readonly at: string }>;
export type ExpertProfileEvent = ExpertProfileSet;

export type SetExpertProfile = Command<
  'SetExpertProfile',
  ExpertTerms & {
    readonly expertId: string;
    /** Read by the handler: holds an approved expert certification now. */
    readonly certified: boolean;
    readonly by: string;
    readonly at: string;
  }
>;
export type ExpertProfileCommand = SetExpertProfile;

export type ExpertProfileState = { readonly status: 'none' } | (ExpertTerms & { readonly status: 'set' });

const decide = (command: ExpertProfileCommand, state: ExpertProfileState): ExpertProfileEvent[] => {
  const c = command.data;
  if (c.by !== c.expertId) throw new ExpertHelpNotYourRole('experts publish their own terms');
  if (!c.certified) throw new ExpertHelpRuleViolation('certification-required', 'expertId', 'an approved expert certification comes first');
  if (!Number.isInteger(c.tariffFen) || c.tariffFen < 0 || c.tariffFen > MAX_TARIFF_FEN)
    throw new ExpertHelpRuleViolation('tariff', 'tariffFen', `the tariff is a whole number of fen from 0 to ${MAX_TARIFF_FEN}`);
  const bio = textOf(c.bio, 'bio', MAX_BIO_LENGTH, false);
  if (state.status === 'set' && state.tariffFen === c.tariffFen && state.available === c.available && state.bio === bio) return [];
  return [{ type: 'ExpertProfileSet', data: { expertId: c.expertId, tariffFen: c.tariffFen, available: c.available, bio, at: c.at } }];
};

const evolve = (_: ExpertProfileState, event: ExpertProfileEvent): ExpertProfileState => ({
  status: 'set',
  tariffFen: event.data.tariffFen,
  available: event.data.available,
  bio: event.data.bio,
});

export const expertProfile: Decider<ExpertProfileCommand, ExpertProfileEvent, ExpertProfileState> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};
