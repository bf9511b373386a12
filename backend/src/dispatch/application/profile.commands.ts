import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  engineerProfile,
  engineerProfileStream,
  enterpriseStream,
  providerProfile,
  providerProfileStream,
  type EngineerProfileCommand,
  type EngineerProfileEvent,
  type EngineerProfileState,
  type EngineerSkills,
  type Party,
  type ProviderProfileEvent,
  type ProviderProfileFields,
  type ProviderProfileState,
} from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { enterprises } from '../../tenancy/application/enterprise.commands';
import { scopedTo } from '../../tenancy/application/event-scope';
import { isDivision } from '../rules/dispatch-rules';

// ---- Profile commands on the CommandBus: one message and one thin handler each -------------------
// The enterprise's type, name and jurisdiction are read from its stream (a caller cannot claim them);
// the events are filed under the enterprise and its jurisdiction.

export const providerProfiles = providerProfile(isDivision);

/** The instant the command was accepted: controllers always build the context with it. */
const atOf = (context: CommandContext): string => {
  if (!context.at) throw new Error('a profile command needs the time it was accepted');
  return context.at.toISOString();
};

const enterpriseFacts = async (streams: AggregateStreams, enterpriseId: string) => {
  const { state } = await streams.load(enterpriseStream(enterpriseId), enterprises);
  return state.status === 'unregistered' ? { type: '', name: '', jurisdiction: [] as readonly string[] } : { type: state.type, name: state.name, jurisdiction: state.jurisdiction };
};

export class SetProviderProfile extends Command<CommandResult<ProviderProfileEvent, ProviderProfileState>> {
  constructor(
    readonly enterpriseId: string,
    readonly profile: ProviderProfileFields,
    readonly by: Party,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SetProviderProfile)
export class SetProviderProfileHandler implements ICommandHandler<SetProviderProfile> {
  constructor(private readonly streams: AggregateStreams) {}
  async execute({ enterpriseId, profile, by, context }: SetProviderProfile) {
    const enterprise = await enterpriseFacts(this.streams, enterpriseId);
    return this.streams.handle(
      providerProfileStream(enterpriseId),
      { type: 'SetProviderProfile', data: { enterpriseId, enterprise, ...profile, by, at: atOf(context) } },
      providerProfiles,
      scopedTo(context, [enterpriseId], enterprise.jurisdiction),
    );
  }
}

export type EngineerProfileInput = EngineerSkills & { readonly level: string; readonly yearsOfExperience: number; readonly base: { lat: number; lng: number } | null; readonly available: boolean };

export class SetEngineerProfile extends Command<CommandResult<EngineerProfileEvent, EngineerProfileState>> {
  constructor(
    readonly enterpriseId: string,
    readonly userId: string,
    /** Whether the engineer is an active member now (from enterprise_members). */
    readonly member: boolean,
    readonly profile: EngineerProfileInput,
    readonly by: Party,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(SetEngineerProfile)
export class SetEngineerProfileHandler implements ICommandHandler<SetEngineerProfile> {
  constructor(private readonly streams: AggregateStreams) {}
  async execute({ enterpriseId, userId, member, profile, by, context }: SetEngineerProfile) {
    const { jurisdiction } = await enterpriseFacts(this.streams, enterpriseId);
    const command: EngineerProfileCommand = {
      type: 'SetEngineerProfile',
      data: { enterpriseId, userId, member, jurisdiction, ...profile, by, at: atOf(context) },
    };
    return this.streams.handle(engineerProfileStream(enterpriseId, userId), command, engineerProfile, scopedTo(context, [enterpriseId], jurisdiction));
  }
}

export class ChangeEngineerSkills extends Command<CommandResult<EngineerProfileEvent, EngineerProfileState>> {
  constructor(
    readonly enterpriseId: string,
    readonly userId: string,
    readonly skills: EngineerSkills,
    readonly by: Party,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeEngineerSkills)
export class ChangeEngineerSkillsHandler implements ICommandHandler<ChangeEngineerSkills> {
  constructor(private readonly streams: AggregateStreams) {}
  async execute({ enterpriseId, userId, skills, by, context }: ChangeEngineerSkills) {
    const { jurisdiction } = await enterpriseFacts(this.streams, enterpriseId);
    const command: EngineerProfileCommand = { type: 'ChangeEngineerSkills', data: { enterpriseId, userId, ...skills, by, at: atOf(context) } };
    return this.streams.handle(engineerProfileStream(enterpriseId, userId), command, engineerProfile, scopedTo(context, [enterpriseId], jurisdiction));
  }
}

export const PROFILE_COMMAND_HANDLERS = [SetProviderProfileHandler, SetEngineerProfileHandler, ChangeEngineerSkillsHandler];
