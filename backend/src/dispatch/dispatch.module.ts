import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { DeviceHistoryController } from './api/device-history.controller';
import { DispatchScope } from './api/dispatch-scope';
import { EngineerProfilesController } from './api/engineer-profiles.controller';
import { MyEngineerProfileController } from './api/my-engineer-profile.controller';
import { ProviderProfilesController } from './api/provider-profiles.controller';
import { SuggestionsController } from './api/suggestions.controller';
import { HISTORY_HANDLERS } from './application/device-history';
import { DispatchFacts } from './application/dispatch-facts';
import { PROFILE_COMMAND_HANDLERS } from './application/profile.commands';
import { PROFILE_QUERY_HANDLERS } from './application/profile.queries';
import { SUGGESTION_HANDLERS } from './application/suggestions';

/**
 * Provider and engineer profiles (STAFF-1), dispatch suggestions with their reasons (WO-4, WO-5) and
 * the device maintenance history export (WO-12). Its projections are in DISPATCH_PROJECTIONS (read-side.ts).
 */
@Module({
  imports: [IdentityModule, TenancyModule],
  controllers: [ProviderProfilesController, EngineerProfilesController, MyEngineerProfileController, SuggestionsController, DeviceHistoryController],
  providers: [DispatchFacts, DispatchScope, ...PROFILE_COMMAND_HANDLERS, ...PROFILE_QUERY_HANDLERS, ...SUGGESTION_HANDLERS, ...HISTORY_HANDLERS],
})
export class DispatchModule {}
