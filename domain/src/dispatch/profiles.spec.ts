import { deciderSpec } from '@kuaige/testkit';
import type { Party } from '../maintenance/party';
import { engineerProfile, type EngineerProfileCommand, type EngineerProfileEvent } from './engineer-profile';
import { DispatchRuleViolation } from './profile-rules';
import { providerProfile, type ProviderProfileCommand, type ProviderProfileEvent } from './provider-profile';

const at = '2026-12-01T08:00:00.000Z';
const admin: Party = { kind: 'enterprise', enterpriseId: 'p1', userId: 'admin-1' };
const violates = (rule: string, field: string) => (e: DispatchRuleViolation) => expect({ rule: e.rule, field: e.field }).toEqual({ rule, field });

describe('ProviderProfile', () => {
  const given = deciderSpec(providerProfile((code) => ['CN', '44', '4403', '440305'].includes(code)));
  const enterprise = { type: 'service-provider', name: '南山精工', jurisdiction: ['CN', '44', '4403', '440305'] };
  const set = (over: Partial<Extract<ProviderProfileCommand, { type: 'SetProviderProfile' }>['data']> = {}): ProviderProfileCommand => ({
    type: 'SetProviderProfile',
    data: { enterpriseId: 'p1', enterprise, deviceTypes: ['cnc-machine', 'cnc-machine'], faultTypes: ['electrical'], serviceRegions: ['4403'], base: { lat: 22.5, lng: 113.9 }, capacity: 10, by: admin, at, ...over },
  });
  const wasSet: ProviderProfileEvent = {
    type: 'ProviderProfileSet',
    data: { enterpriseId: 'p1', name: '南山精工', jurisdiction: enterprise.jurisdiction, deviceTypes: ['cnc-machine'], faultTypes: ['electrical'], serviceRegions: ['4403'], base: { lat: 22.5, lng: 113.9 }, capacity: 10, at },
  };

  it('is set by the provider itself, codes de-duplicated; setting the same again records nothing; a change is recorded', () => {
    given([]).when(set()).then([wasSet]);
    given([wasSet]).when(set()).then([]);
    given([wasSet])
      .when(set({ capacity: 12 }))
      .then([{ ...wasSet, data: { ...wasSet.data, capacity: 12 } }]);
  });

  it('refuses anyone but the provider, enterprises that are not providers, and bad values, naming field and rule', () => {
    given([]).when(set({ by: { kind: 'enterprise', enterpriseId: 'other', userId: 'u' } })).thenThrows(DispatchRuleViolation, violates('not-your-role', 'enterpriseId'));
    given([]).when(set({ by: { kind: 'operator', nodeId: 'n', regionCode: '4403', userId: 'u' } })).thenThrows(DispatchRuleViolation, violates('not-your-role', 'enterpriseId'));
    given([]).when(set({ enterprise: { ...enterprise, type: 'manufacturer' } })).thenThrows(DispatchRuleViolation, violates('not-a-service-provider', 'enterpriseId'));
    given([]).when(set({ deviceTypes: [] })).thenThrows(DispatchRuleViolation, violates('required', 'deviceTypes'));
    given([]).when(set({ faultTypes: ['electrical', 'teleportation'] })).thenThrows(DispatchRuleViolation, violates('unknown-code', 'faultTypes.1'));
    given([]).when(set({ serviceRegions: ['4499'] })).thenThrows(DispatchRuleViolation, violates('division-unknown', 'serviceRegions.0'));
    given([]).when(set({ serviceRegions: [] })).thenThrows(DispatchRuleViolation, violates('required', 'serviceRegions'));
    given([]).when(set({ capacity: 0 })).thenThrows(DispatchRuleViolation, violates('capacity', 'capacity'));
    given([]).when(set({ capacity: 2.5 })).thenThrows(DispatchRuleViolation, violates('capacity', 'capacity'));
    given([]).when(set({ base: { lat: 91, lng: 0 } })).thenThrows(DispatchRuleViolation, violates('latitude', 'base.lat'));
    given([]).when(set({ base: { lat: 0, lng: 181 } })).thenThrows(DispatchRuleViolation, violates('longitude', 'base.lng'));
  });
});

describe('EngineerProfile', () => {
  const given = deciderSpec(engineerProfile);
  const of = { enterpriseId: 'p1', userId: 'eng-1' };
  const set = (over: Partial<Extract<EngineerProfileCommand, { type: 'SetEngineerProfile' }>['data']> = {}): EngineerProfileCommand => ({
    type: 'SetEngineerProfile',
    data: {
      ...of,
      deviceTypes: ['cnc-machine'],
      faultTypes: ['electrical'],
      fields: [' 西门子 840D 数控系统 '],
      level: 'senior',
      yearsOfExperience: 8,
      base: null,
      available: true,
      member: true,
      jurisdiction: ['CN', '44', '4403', '440305'],
      by: admin,
      at,
      ...over,
    },
  });
  const wasSet: EngineerProfileEvent = {
    type: 'EngineerProfileSet',
    data: { ...of, deviceTypes: ['cnc-machine'], faultTypes: ['electrical'], fields: ['西门子 840D 数控系统'], level: 'senior', yearsOfExperience: 8, base: null, available: true, jurisdiction: ['CN', '44', '4403', '440305'], at },
  };
  const engineerSelf: Party = { kind: 'enterprise', enterpriseId: 'p1', userId: 'eng-1' };
  const changeSkills = (by: Party, deviceTypes = ['cnc-machine', 'industrial-robot']): EngineerProfileCommand => ({
    type: 'ChangeEngineerSkills',
    data: { ...of, deviceTypes, faultTypes: ['electrical'], fields: ['西门子 840D 数控系统', 'ABB 机器人'], by, at },
  });

  it('is set by the provider for an active member; the same again records nothing', () => {
    given([]).when(set()).then([wasSet]);
    given([wasSet]).when(set()).then([]);
    given([wasSet])
      .when(set({ available: false }))
      .then([{ ...wasSet, data: { ...wasSet.data, available: false } }]);
  });

  it('refuses a non-member, an unknown level, impossible experience, empty or long fields, and other enterprises', () => {
    given([]).when(set({ member: false })).thenThrows(DispatchRuleViolation, violates('member-required', 'userId'));
    given([]).when(set({ level: 'guru' })).thenThrows(DispatchRuleViolation, violates('unknown-level', 'level'));
    given([]).when(set({ yearsOfExperience: 61 })).thenThrows(DispatchRuleViolation, violates('years', 'yearsOfExperience'));
    given([]).when(set({ fields: [' '] })).thenThrows(DispatchRuleViolation, violates('required', 'fields.0'));
    given([]).when(set({ fields: ['数'.repeat(31)] })).thenThrows(DispatchRuleViolation, violates('max-length', 'fields.0'));
    given([]).when(set({ by: { kind: 'enterprise', enterpriseId: 'p2', userId: 'admin-2' } })).thenThrows(DispatchRuleViolation, violates('not-your-role', 'enterpriseId'));
  });

  it('lets the engineer change their own skills once the profile exists, and no one else that way', () => {
    given([wasSet])
      .when(changeSkills(engineerSelf))
      .then([{ type: 'EngineerSkillsChanged', data: { ...of, deviceTypes: ['cnc-machine', 'industrial-robot'], faultTypes: ['electrical'], fields: ['西门子 840D 数控系统', 'ABB 机器人'], at } }]);
    given([]).when(changeSkills(engineerSelf)).thenThrows(DispatchRuleViolation, violates('profile-required', 'userId'));
    given([wasSet]).when(changeSkills(admin)).thenThrows(DispatchRuleViolation, violates('not-your-role', 'userId'));
    given([wasSet]).when(changeSkills(engineerSelf, [])).thenThrows(DispatchRuleViolation, violates('required', 'deviceTypes'));
  });
});
