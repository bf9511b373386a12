import { Body, Controller, Get, Put, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { CurrentCaller } from '../../identity/api/caller';
import { Authenticated } from '../../identity/api/guards';
import type { Caller } from '../../identity/application/session-control';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, Permit, type Actor } from '../../tenancy/api/authorization';
import { SetExpertProfile } from '../application/expert-help.commands';
import { GetMyExpertEarnings, GetMyExpertProfile, ListMyExpertHelps, SearchExperts, type ExpertSort } from '../application/expert-help.queries';
import { ExpertHelpErrorFilter } from './expert-help-error.filter';
import { ExpertProfileDto, ExpertSearchDto, MyHelpsQueryDto } from './expert-help.dto';
import { HELP_PROJECTIONS } from './help-parties';

/** GET /api/v1/experts — the expert directory engineers search from a work order. */
@ApiTags('expert-help')
@Controller('api/v1/experts')
export class ExpertsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly freshness: ReadModelFreshness,
  ) {}

  @Get()
  @Permit('work-order:update')
  @ApiOperation({ summary: 'Certified experts by field, highest fee, lowest rating and availability; sorted by rating, fee, experience or workload; paged' })
  @ApiOkResponse({ description: '{ items: [{ id, name, fields, years, tariffFen, available, openHelps, closedHelps, rating, ratingCount, bio }], total, page, pageSize }' })
  async search(@CurrentActor() actor: Actor, @Query() q: ExpertSearchDto) {
    await this.freshness.caughtUp(['experts']);
    return this.queries.execute(
      new SearchExperts(
        {
          ...(q.field ? { field: q.field } : {}),
          ...(q.q ? { q: q.q } : {}),
          ...(q.maxFeeFen !== undefined ? { maxFeeFen: Number(q.maxFeeFen) } : {}),
          ...(q.minRating !== undefined ? { minRating: Number(q.minRating) } : {}),
          ...(q.available !== undefined ? { available: q.available === 'true' } : {}),
          sort: (q.sort ?? 'rating') as ExpertSort,
          page: Number(q.page ?? 1),
          pageSize: Number(q.pageSize ?? 20),
        },
        actor.userId,
      ),
    );
  }
}

/** /api/v1/me/expert-* — an expert's own terms, inbox, earnings and ratings; an engineer's own requests. */
@ApiTags('expert-help')
@Controller('api/v1/me')
@UseFilters(ExpertHelpErrorFilter)
export class MyExpertHelpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  @Get('expert-profile')
  @Authenticated()
  @ApiOperation({ summary: 'My expert terms (tariff in fen, availability, introduction) beside my certified fields, rating and workload' })
  async profile(@CurrentCaller() caller: Caller) {
    await this.freshness.caughtUp(['experts']);
    return this.queries.execute(new GetMyExpertProfile(caller.userId));
  }

  @Put('expert-profile')
  @Authenticated()
  @ApiOperation({ summary: 'Publish my tariff and availability (needs an approved expert certification: 409 certification-required)' })
  async setProfile(@CurrentCaller() caller: Caller, @Body() dto: ExpertProfileDto, @Client() client: ClientCommand) {
    await this.freshness.caughtUp(['experts']);
    const result = await this.commands.execute(
      new SetExpertProfile(caller.userId, { tariffFen: dto.tariffFen, available: dto.available, bio: dto.bio ?? '' }, client.context('set-expert-profile', { userId: caller.userId, ip: caller.ip }, this.clock.now())),
    );
    await this.freshness.reached(['experts'], result.position);
    return this.queries.execute(new GetMyExpertProfile(caller.userId));
  }

  @Get('expert-help')
  @Authenticated()
  @ApiOperation({ summary: 'Helps asked of me (role=expert, my inbox) or by me (role=engineer), newest first' })
  async helps(@CurrentCaller() caller: Caller, @Query() q: MyHelpsQueryDto) {
    await this.freshness.caughtUp(HELP_PROJECTIONS);
    return this.queries.execute(new ListMyExpertHelps(caller.userId, q.role ?? 'expert', q.status, Number(q.page ?? 1), Number(q.pageSize ?? 20)));
  }

  @Get('expert-earnings')
  @Authenticated()
  @ApiOperation({ summary: 'My earnings as an expert (fees of closed helps, in fen, per month in China time) and my ratings' })
  async earnings(@CurrentCaller() caller: Caller) {
    await this.freshness.caughtUp(HELP_PROJECTIONS);
    return this.queries.execute(new GetMyExpertEarnings(caller.userId));
  }
}
