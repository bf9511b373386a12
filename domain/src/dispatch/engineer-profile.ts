import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { Party } from '../maintenance/party';
import { assertActsFor, baseOf, codesOf, DispatchRuleViolation, sameList } from './profile-rules';
import { isEngineerLevel, type Coordinates, type EngineerLevel } from './ranking';

// ---- An engineer's profile inside a provider (STAFF-1) -------------------------------------------
// Stream EngineerProfile-<enterpriseId>-<userId>. The provider's admins set all of it; the engineer
// may change their own skills (device types, fault types, fields) — level, experience, base and
// availability are the provider's assessment and planning. Certifications are not kept here: they
// are the operators' decision (qualifications read model) and joined when read.

export const engineerProfileStream = (enterpriseId: string, userId: string) => `EngineerProfile-${enterpriseId}-${userId}`;

export const MAX_FIELDS = 20;
export const MAX_FIELD_LENGTH = 30;
export const MAX_EXPERIENCE_YEARS = 60;

export type EngineerSkills = {
  readonly deviceTypes: readonly string[];
  readonly faultTypes: readonly string[];
  /** Free-text specialities (专业领域), e.g. "西门子 840D 数控系统". */
  readonly fields: readonly string[];
};

export type EngineerProfileFields = EngineerSkills & {
  readonly level: EngineerLevel;
  readonly yearsOfExperience: number;
  readonly base: Coordinates | null;
  readonly available: boolean;
};

// ---- Events --------------------------------------------------------------------------------------

type OfEngineer = { readonly enterpriseId: string; readonly userId: string; readonly at: string };
export type EngineerProfileSet = DomainEvent<'EngineerProfileSet', EngineerProfileFields & OfEngineer & { readonly jurisdiction: readonly string[] }>;
export type EngineerSkillsChanged = DomainEvent<'EngineerSkillsChanged', EngineerSkills & OfEngineer>;
export type EngineerProfileEvent = EngineerProfileSet | EngineerSkillsChanged;

// ---- Commands ------------------------------------------------------------------------------------

export type SetEngineerProfile = Command<
  'SetEngineerProfile',
  Omit<EngineerProfileFields, 'level'> &
    OfEngineer & {
      readonly level: string;
      /** Read by the handler: the engineer must be an active member; the enterprise's jurisdiction scopes the row. */
      readonly member: boolean;
      readonly jurisdiction: readonly string[];
      readonly by: Party;
    }
>;
export type ChangeEngineerSkills = Command<'ChangeEngineerSkills', EngineerSkills & OfEngineer & { readonly by: Party }>;
export type EngineerProfileCommand = SetEngineerProfile | ChangeEngineerSkills;

// ---- State ---------------------------------------------------------------------------------------

export type EngineerProfileState = (EngineerProfileFields & { readonly status: 'set' }) | { readonly status: 'none' };

// ---- Logic ---------------------------------------------------------------------------------------

const fieldsOf = (fields: readonly string[]): string[] => {
  if (fields.length > MAX_FIELDS) throw new DispatchRuleViolation('max-items', 'fields', `at most ${MAX_FIELDS} fields`);
  const trimmed = fields.map((f, index) => {
    const text = f.trim();
    if (text.length === 0) throw new DispatchRuleViolation('required', `fields.${index}`, 'a field names something');
    if ([...text].length > MAX_FIELD_LENGTH) throw new DispatchRuleViolation('max-length', `fields.${index}`, `a field has at most ${MAX_FIELD_LENGTH} characters`);
    return text;
  });
  return [...new Set(trimmed)];
};

const skillsOf = (d: EngineerSkills): EngineerSkills => ({
  deviceTypes: codesOf(d.deviceTypes, 'deviceTypes', true),
  faultTypes: codesOf(d.faultTypes, 'faultTypes', false),
  fields: fieldsOf(d.fields),
});

const sameSkills = (a: EngineerSkills, b: EngineerSkills) => sameList(a.deviceTypes, b.deviceTypes) && sameList(a.faultTypes, b.faultTypes) && sameList(a.fields, b.fields);

const decide = (command: EngineerProfileCommand, state: EngineerProfileState): EngineerProfileEvent[] => {
  const d = command.data;
  const of = { enterpriseId: d.enterpriseId, userId: d.userId };
  switch (command.type) {
    case 'SetEngineerProfile': {
      const c = command.data;
      assertActsFor(c.by, c.enterpriseId);
      if (!c.member) throw new DispatchRuleViolation('member-required', 'userId', 'the engineer is not an active member of this enterprise');
      if (!isEngineerLevel(c.level)) throw new DispatchRuleViolation('unknown-level', 'level', 'level is junior, intermediate, senior or expert');
      if (!Number.isInteger(c.yearsOfExperience) || c.yearsOfExperience < 0 || c.yearsOfExperience > MAX_EXPERIENCE_YEARS)
        throw new DispatchRuleViolation('years', 'yearsOfExperience', `years of experience is a whole number from 0 to ${MAX_EXPERIENCE_YEARS}`);
      const fields: EngineerProfileFields = { ...skillsOf(c), level: c.level, yearsOfExperience: c.yearsOfExperience, base: baseOf(c.base), available: c.available };
      if (
        state.status === 'set' &&
        sameSkills(state, fields) &&
        state.level === fields.level &&
        state.yearsOfExperience === fields.yearsOfExperience &&
        sameList([state.base], [fields.base]) &&
        state.available === fields.available
      )
        return [];
      return [{ type: 'EngineerProfileSet', data: { ...of, ...fields, jurisdiction: [...c.jurisdiction], at: c.at } }];
    }
    case 'ChangeEngineerSkills': {
      // The engineer edits their own skills only; someone else does it through the whole profile.
      if (command.data.by.kind !== 'enterprise' || command.data.by.enterpriseId !== d.enterpriseId || command.data.by.userId !== d.userId)
        throw new DispatchRuleViolation('not-your-role', 'userId', 'only the engineer changes their own skills this way');
      if (state.status === 'none') throw new DispatchRuleViolation('profile-required', 'userId', 'your provider sets up your profile first');
      const skills = skillsOf(command.data);
      if (sameSkills(state, skills)) return [];
      return [{ type: 'EngineerSkillsChanged', data: { ...of, ...skills, at: d.at } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const evolve = (state: EngineerProfileState, event: EngineerProfileEvent): EngineerProfileState => {
  switch (event.type) {
    case 'EngineerProfileSet': {
      const { deviceTypes, faultTypes, fields, level, yearsOfExperience, base, available } = event.data;
      return { status: 'set', deviceTypes, faultTypes, fields, level, yearsOfExperience, base, available };
    }
    case 'EngineerSkillsChanged': {
      if (state.status === 'none') return state;
      const { deviceTypes, faultTypes, fields } = event.data;
      return { ...state, deviceTypes, faultTypes, fields };
    }
  }
};

export const engineerProfile: Decider<EngineerProfileCommand, EngineerProfileEvent, EngineerProfileState> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};
