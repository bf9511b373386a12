import { Body, Controller, Get, Param, Put, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../../identity/clock';
import { CurrentActor, Permit, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { SetProviderProfile } from '../application/profile.commands';
import { GetProviderProfile, type ProviderProfileView } from '../application/profile.queries';
import { DispatchErrorFilter } from './dispatch-error.filter';
import { DispatchScope, partyOf } from './dispatch-scope';
import { ProviderProfileDto } from './dto/dispatch.dto';

const VIEW =
  '{ enterpriseId, name, configured, deviceTypes, faultTypes, serviceRegions: [{ code, name }], base: { lat, lng } | null, capacity, openOrders, certifiedEngineers, rating: { count, mean }, updatedAt }';

/** /api/v1/providers/:enterpriseId/profile — what a service provider serves, where, and how much (WO-4). */
@ApiTags('dispatch')
@Controller('api/v1/providers/:enterpriseId/profile')
@UseFilters(DispatchErrorFilter)
export class ProviderProfilesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly scope: DispatchScope,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Permit('enterprise:read')
  @ApiOperation({ summary: 'The provider’s service profile with its workload, certified engineers and rating (its own people, and operators of its region)' })
  @ApiOkResponse({ description: VIEW })
  async get(@CurrentActor() actor: Actor, @Param('enterpriseId') enterpriseId: string): Promise<ProviderProfileView> {
    const enterprise = await this.scope.enterprise(actor, 'read', 'Enterprise', enterpriseId);
    return this.queries.execute(new GetProviderProfile(enterpriseId, String(enterprise['name'] ?? '')));
  }

  @Put()
  @Permit('enterprise:update')
  @ApiOperation({ summary: 'Set the provider’s service profile (device and fault types, service regions, base location, capacity); only the provider itself' })
  @ApiOkResponse({ description: VIEW })
  async put(@CurrentActor() actor: Actor, @Param('enterpriseId') enterpriseId: string, @Body() dto: ProviderProfileDto, @Client() client: ClientCommand): Promise<ProviderProfileView> {
    const enterprise = await this.scope.enterprise(actor, 'update', 'Enterprise', enterpriseId);
    const now = this.clock.now();
    await this.commands.execute(
      new SetProviderProfile(
        enterpriseId,
        { deviceTypes: dto.deviceTypes, faultTypes: dto.faultTypes, serviceRegions: dto.serviceRegions, base: dto.base ?? null, capacity: dto.capacity },
        partyOf(actor),
        actingContext(client, 'set-provider-profile', actor, now),
      ),
    );
    return this.queries.execute(new GetProviderProfile(enterpriseId, String(enterprise['name'] ?? '')));
  }
}
