import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { EndAllMySessions, EndMySession, type Caller } from '../application/session-control';
import { ConfirmIdentity } from '../application/step-up';
import { ListMySessions } from '../read-models/identity.queries';
import { CurrentCaller } from './caller';
import { StepUpDto } from './dto/auth.dto';
import { Authenticated, AuthRateLimited } from './guards';
import { IdentityErrorFilter } from './identity-error.filter';
import { presentedFactor } from './second-factor-input';
import { UuidParam } from '../../http/validation';

/** Signed-in part of /api/v1/auth: step-up, own sessions, logout. */
@ApiTags('auth')
@Controller('api/v1/auth')
@AuthRateLimited()
@Authenticated()
@UseFilters(IdentityErrorFilter)
export class SessionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('step-up')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Confirm identity (password, plus code when MFA is on) for 5 minutes of critical operations' })
  @ApiOkResponse({ description: '{ steppedUpUntil }' })
  confirm(@CurrentCaller() caller: Caller, @Body() dto: StepUpDto, @Client() client: ClientCommand) {
    return this.commands.execute(new ConfirmIdentity(caller, dto.password, presentedFactor(dto, false), client));
  }

  @Get('sessions')
  @ApiOperation({ summary: 'My live sessions: device, address, start, last activity, expiry, which is this one' })
  @ApiOkResponse({ description: '{ sessions: [{ id, userAgent, ip, startedAt, lastActiveAt, expiresAt, current }] }' })
  async list(@CurrentCaller() caller: Caller) {
    return { sessions: await this.queries.execute(new ListMySessions(caller)) };
  }

  @Delete('sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End one of my sessions' })
  @ApiNoContentResponse()
  async end(@CurrentCaller() caller: Caller, @Param('id', UuidParam) id: string, @Client() client: ClientCommand): Promise<void> {
    await this.commands.execute(new EndMySession(caller, id, 'revoked', client));
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this session' })
  @ApiNoContentResponse()
  async logout(@CurrentCaller() caller: Caller, @Client() client: ClientCommand): Promise<void> {
    await this.commands.execute(new EndMySession(caller, caller.sessionId, 'logout', client));
  }

  @Post('logout-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'End all my sessions, this one included' })
  @ApiOkResponse({ description: '{ endedSessions }' })
  logoutAll(@CurrentCaller() caller: Caller, @Client() client: ClientCommand) {
    return this.commands.execute(new EndAllMySessions(caller, client));
  }
}
