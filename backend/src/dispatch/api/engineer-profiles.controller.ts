import { Body, Controller, Get, Param, Put, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../../identity/clock';
import { CurrentActor, Permit, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { SetEngineerProfile } from '../application/profile.commands';
import { GetEngineerProfile, SearchEngineers, type EngineerProfileView } from '../application/profile.queries';
import { DispatchErrorFilter } from './dispatch-error.filter';
import { DispatchScope, partyOf } from './dispatch-scope';
import { EngineerProfileDto, EngineerSearchDto } from './dto/dispatch.dto';

export const ENGINEER_VIEW =
  '{ enterpriseId, userId, name, configured, deviceTypes, faultTypes, fields, level, yearsOfExperience, base, available, certified, openOrders, capacity, rating: { count, mean }, updatedAt }';

/** /api/v1/engineers — the engineer directory and profiles (STAFF-1), kept by each provider. */
@ApiTags('dispatch')
@Controller('api/v1/engineers')
@UseFilters(DispatchErrorFilter)
export class EngineerProfilesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly scope: DispatchScope,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Permit('member:read')
  @ApiOperation({ summary: 'Engineers I may see (my enterprise’s, or in my jurisdiction), by skill, level, region, certification, availability or text; paged' })
  @ApiOkResponse({ description: `{ items: [${ENGINEER_VIEW}], total, page, pageSize }` })
  search(@CurrentActor() actor: Actor, @Query() query: EngineerSearchDto) {
    const flag = (v: string | undefined) => (v === undefined ? undefined : v === 'true');
    return this.queries.execute(
      new SearchEngineers(scopedFilter(actor, 'read', 'Member'), {
        ...(query.skill ? { skill: query.skill } : {}),
        ...(query.level ? { level: query.level } : {}),
        ...(query.region ? { region: query.region } : {}),
        ...(query.enterpriseId ? { enterpriseId: query.enterpriseId } : {}),
        ...(query.q ? { q: query.q } : {}),
        ...(flag(query.certified) !== undefined ? { certified: flag(query.certified)! } : {}),
        ...(flag(query.available) !== undefined ? { available: flag(query.available)! } : {}),
        sort: query.sort ?? 'experience',
        page: Number(query.page ?? 1),
        pageSize: Number(query.pageSize ?? 20),
      }),
    );
  }

  @Get(':enterpriseId/:userId/profile')
  @Permit('member:read')
  @ApiOperation({ summary: 'One engineer’s profile (empty defaults with configured: false until the provider sets it)' })
  @ApiOkResponse({ description: ENGINEER_VIEW })
  async get(@CurrentActor() actor: Actor, @Param('enterpriseId') enterpriseId: string, @Param('userId') userId: string): Promise<EngineerProfileView> {
    await this.scope.member(actor, 'read', enterpriseId, userId);
    return this.queries.execute(new GetEngineerProfile(enterpriseId, userId));
  }

  @Put(':enterpriseId/:userId/profile')
  @Permit('member:update')
  @ApiOperation({ summary: 'Set an active member’s engineer profile (skills, level, fields, experience, base, availability); the provider’s admins. Engineers change their own skills at /api/v1/me/engineer-profile' })
  @ApiOkResponse({ description: ENGINEER_VIEW })
  async put(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Param('userId') userId: string,
    @Body() dto: EngineerProfileDto,
    @Client() client: ClientCommand,
  ): Promise<EngineerProfileView> {
    const member = await this.scope.member(actor, 'update', enterpriseId, userId);
    const now = this.clock.now();
    await this.commands.execute(
      new SetEngineerProfile(
        enterpriseId,
        userId,
        member['status'] === 'active',
        {
          deviceTypes: dto.deviceTypes,
          faultTypes: dto.faultTypes,
          fields: dto.fields,
          level: dto.level,
          yearsOfExperience: dto.yearsOfExperience,
          base: dto.base ?? null,
          available: dto.available,
        },
        partyOf(actor),
        actingContext(client, 'set-engineer-profile', actor, now),
      ),
    );
    return this.queries.execute(new GetEngineerProfile(enterpriseId, userId));
  }
}
