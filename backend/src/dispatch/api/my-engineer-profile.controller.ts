import { Body, Controller, Get, Put, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { CurrentCaller } from '../../identity/api/caller';
import { Authenticated } from '../../identity/api/guards';
import type { Caller } from '../../identity/application/session-control';
import { Clock } from '../../identity/clock';
import { ActingContextRefused, ActorDirectory, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { ChangeEngineerSkills } from '../application/profile.commands';
import { GetEngineerProfile, type EngineerProfileView } from '../application/profile.queries';
import { DispatchErrorFilter } from './dispatch-error.filter';
import { partyOf } from './dispatch-scope';
import { EngineerSkillsDto } from './dto/dispatch.dto';
import { ENGINEER_VIEW } from './engineer-profiles.controller';

/**
 * /api/v1/me/engineer-profile — an engineer's own profile in the enterprise they act for: they read it
 * and change their skills (device types, fault types, fields); level, experience, base and availability
 * stay the provider's to set. Self-service: no permission beyond being an active member acting there.
 */
@ApiTags('dispatch')
@Controller('api/v1/me/engineer-profile')
@UseFilters(DispatchErrorFilter)
export class MyEngineerProfileController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly actors: ActorDirectory,
    private readonly clock: Clock,
  ) {}

  private async member(caller: Caller): Promise<Actor & { enterpriseId: string }> {
    const actor = await this.actors.actorOf(caller);
    if (!actor.enterpriseId) throw new ActingContextRefused('acting-context-required', 'act for the enterprise whose engineer you are first (POST /api/v1/me/context)');
    return actor as Actor & { enterpriseId: string };
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'My engineer profile in the enterprise I act for' })
  @ApiOkResponse({ description: ENGINEER_VIEW })
  async get(@CurrentCaller() caller: Caller): Promise<EngineerProfileView> {
    const actor = await this.member(caller);
    return this.queries.execute(new GetEngineerProfile(actor.enterpriseId, actor.userId));
  }

  @Put()
  @Authenticated()
  @ApiOperation({ summary: 'Change my skills (device types, fault types, fields) once my provider set up my profile' })
  @ApiOkResponse({ description: ENGINEER_VIEW })
  async put(@CurrentCaller() caller: Caller, @Body() dto: EngineerSkillsDto, @Client() client: ClientCommand): Promise<EngineerProfileView> {
    const actor = await this.member(caller);
    const now = this.clock.now();
    await this.commands.execute(
      new ChangeEngineerSkills(
        actor.enterpriseId,
        actor.userId,
        { deviceTypes: dto.deviceTypes, faultTypes: dto.faultTypes, fields: dto.fields },
        partyOf(actor),
        actingContext(client, 'change-engineer-skills', actor, now),
      ),
    );
    return this.queries.execute(new GetEngineerProfile(actor.enterpriseId, actor.userId));
  }
}
