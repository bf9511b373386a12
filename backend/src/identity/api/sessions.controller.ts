import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../application/session-control';
import { SessionControl } from '../application/session-control';
import { StepUp } from '../application/step-up';
import { IdentityQueries } from '../read-models/identity.queries';
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
    private readonly sessions: SessionControl,
    private readonly stepUp: StepUp,
    private readonly queries: IdentityQueries,
  ) {}

  @Post('step-up')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Confirm identity (password, plus code when MFA is on) for 5 minutes of critical operations' })
  @ApiOkResponse({ description: '{ steppedUpUntil }' })
  confirm(@CurrentCaller() caller: Caller, @Body() dto: StepUpDto) {
    return this.stepUp.confirm(caller, dto.password, presentedFactor(dto, false));
  }

  @Get('sessions')
  @ApiOperation({ summary: 'My live sessions: device, address, start, last activity, expiry, which is this one' })
  @ApiOkResponse({ description: '{ sessions: [{ id, userAgent, ip, startedAt, lastActiveAt, expiresAt, current }] }' })
  async list(@CurrentCaller() caller: Caller) {
    return { sessions: await this.queries.mySessions(caller) };
  }

  @Delete('sessions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End one of my sessions' })
  @ApiNoContentResponse()
  async end(@CurrentCaller() caller: Caller, @Param('id', UuidParam) id: string): Promise<void> {
    await this.sessions.endOwn(caller, id, 'revoked');
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this session' })
  @ApiNoContentResponse()
  async logout(@CurrentCaller() caller: Caller): Promise<void> {
    await this.sessions.endOwn(caller, caller.sessionId, 'logout');
  }

  @Post('logout-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'End all my sessions, this one included' })
  @ApiOkResponse({ description: '{ endedSessions }' })
  async logoutAll(@CurrentCaller() caller: Caller) {
    return { endedSessions: await this.sessions.endAll(caller.userId, 'logout-all', caller.ip) };
  }
}
