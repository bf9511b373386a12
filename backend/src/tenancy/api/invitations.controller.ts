import { Body, Controller, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { TenancyRuleViolation } from '@kuaige/domain';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { CurrentCaller } from '../../identity/api/caller';
import { Authenticated } from '../../identity/api/guards';
import { Accounts } from '../../identity/application/accounts';
import type { Caller } from '../../identity/application/session-control';
import { Clock } from '../../identity/clock';
import { PersonalData } from '../../identity/personal-data';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { FollowInvitation, IssueInvitation, type IssuedInvitation } from '../application/invitation.commands';
import { RequestToJoin } from '../application/membership.commands';
import { CurrentActor, Permit, type Actor } from './authorization';
import { actingContext } from './command-contexts';
import { ORGANISATION_READ_MODELS, OrganisationScope } from './organisation-scope';
import { IdentityErrorFilter } from '../../identity/api/identity-error.filter';
import { OrganisationErrorFilter } from './organisation-error.filter';
import { AcceptInvitationDto, InviteDto } from './organisation.dto';

/** Where the console takes an invitee: the link carries the enterprise and the token. */
export const invitationLink = (enterpriseId: string, token: string): string =>
  `/invitation?enterpriseId=${encodeURIComponent(enterpriseId)}&token=${encodeURIComponent(token)}`;

/** Joining an enterprise (ORG-4, ORG-6): an admin's invitation link, followed by the invitee, or a request the admin decides. */
@ApiTags('organisation')
@Controller('api/v1')
// Signing in is identity's: its refusals (401 and the like) keep their statuses here too.
@UseFilters(IdentityErrorFilter, OrganisationErrorFilter)
export class InvitationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
    private readonly accounts: Accounts,
    private readonly personal: PersonalData,
    private readonly scope: OrganisationScope,
  ) {}

  @Post('enterprises/:enterpriseId/invitations')
  @Permit('member:create')
  @ApiOperation({
    summary: 'Issue an invitation link (valid 7 days): for one registered person (phone), or open to whoever signs in with it',
  })
  @ApiCreatedResponse({ description: '{ token, link, expiresAt, userId } — the same request again gives the same link' })
  async invite(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Body() dto: InviteDto,
    @Client() client: ClientCommand,
  ) {
    await this.scope.enterprise(actor, 'create', 'Member', enterpriseId);
    let userId: string | null = null;
    if (dto.phone !== undefined) {
      userId = await this.accounts.userIdByMobileIndex(this.personal.mobileIndex(dto.phone));
      if (userId === null)
        throw new TenancyRuleViolation(
          'account-unknown',
          'phone',
          'no one has registered with this number: send them an open invitation link instead',
        );
    }
    const now = this.clock.now();
    const issued: IssuedInvitation = await this.commands.execute(
      new IssueInvitation(
        { enterpriseId, invitedBy: actor.userId, userId, at: now.toISOString() },
        actingContext(client, 'invite', actor, now),
      ),
    );
    await this.freshness.caughtUp(ORGANISATION_READ_MODELS);
    return { token: issued.token, link: invitationLink(enterpriseId, issued.token), expiresAt: issued.expiresAt, userId };
  }

  @Post('invitations/accept')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({ summary: 'Follow an invitation link: I become an employee (role member) of the enterprise' })
  @ApiOkResponse({ description: '{ enterpriseId, status: "active", roles } — switch to it with POST /api/v1/me/context' })
  async accept(@CurrentCaller() caller: Caller, @Body() dto: AcceptInvitationDto, @Client() client: ClientCommand) {
    const now = this.clock.now();
    const outcome = await this.commands.execute(
      new FollowInvitation(
        { enterpriseId: dto.enterpriseId, userId: caller.userId, token: dto.token, at: now.toISOString() },
        actingContext(client, 'accept-invitation', caller, now),
      ),
    );
    await this.freshness.caughtUp(ORGANISATION_READ_MODELS);
    return { enterpriseId: dto.enterpriseId, status: outcome.state.status, roles: outcome.state.roles };
  }

  @Post('enterprises/:enterpriseId/join-requests')
  @Authenticated()
  @ApiOperation({
    summary: 'Ask to join an approved enterprise (found in GET /api/v1/enterprises/directory); an admin approves or declines',
  })
  @ApiCreatedResponse({ description: '{ enterpriseId, status: "requested" }' })
  async requestToJoin(@CurrentCaller() caller: Caller, @Param('enterpriseId') enterpriseId: string, @Client() client: ClientCommand) {
    const now = this.clock.now();
    const outcome = await this.commands.execute(
      new RequestToJoin({ enterpriseId, userId: caller.userId, at: now.toISOString() }, actingContext(client, 'join-request', caller, now)),
    );
    await this.freshness.caughtUp(ORGANISATION_READ_MODELS);
    return { enterpriseId, status: outcome.state.status };
  }
}
