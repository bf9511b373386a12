import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Client, NotReplayable, type ClientCommand } from '../../event-sourcing/client-command';
import { ChangeMyPassword } from '../application/passwords';
import { ChangeMyMobileNumber } from '../application/phone-change';
import { ChangeMyProfile, GetMyAccount } from '../application/profile';
import type { Caller } from '../application/session-control';
import { ConfirmTotpEnrolment, StartTotpEnrolment, SwitchOffMfa } from '../application/two-factor';
import { GetMyLoginLog } from '../read-models/identity.queries';
import { CurrentCaller } from './caller';
import { ChangePasswordDto, ChangePhoneDto, ConfirmTotpDto, DisableMfaDto, LoginLogQueryDto, UpdateProfileDto } from './dto/me.dto';
import { Authenticated, RequireStepUp } from './guards';
import { IdentityErrorFilter } from './identity-error.filter';
import { presentedFactor } from './second-factor-input';

/** /api/v1/me: my account, password, second factor, sign-in log. Signed in only. */
@ApiTags('me')
@Controller('api/v1/me')
@Authenticated()
@UseFilters(IdentityErrorFilter)
export class MeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My account, personal data masked (138****5678, 张*)' })
  @ApiOkResponse({ description: '{ userId, phone, displayName, realName, mfa: { enabled, pending, required, recoveryCodesLeft }, passwordChangedAt, passwordChangeDue, session: { id, steppedUpUntil } }' })
  me(@CurrentCaller() caller: Caller) {
    return this.queries.execute(new GetMyAccount(caller));
  }

  @Patch()
  @ApiOperation({ summary: 'Change display name and/or real name' })
  @ApiOkResponse({ description: 'the account, as GET /api/v1/me' })
  async update(@CurrentCaller() caller: Caller, @Body() dto: UpdateProfileDto, @Client() client: ClientCommand) {
    await this.commands.execute(new ChangeMyProfile(caller, dto, client));
    return this.queries.execute(new GetMyAccount(caller));
  }

  @Post('password')
  @HttpCode(HttpStatus.OK)
  @RequireStepUp()
  @ApiOperation({ summary: 'Change my password (step-up); ends my other sessions' })
  @ApiOkResponse({ description: '{ endedSessions }' })
  changePassword(@CurrentCaller() caller: Caller, @Body() dto: ChangePasswordDto, @Client() client: ClientCommand) {
    return this.commands.execute(new ChangeMyPassword(caller, dto.currentPassword, dto.newPassword, client));
  }

  @Post('phone')
  @HttpCode(HttpStatus.OK)
  @RequireStepUp()
  @ApiOperation({ summary: 'Move my account to another mobile number (step-up, plus a change-phone code sent to the new number)' })
  @ApiOkResponse({ description: '{ phone } (masked)' })
  changePhone(@CurrentCaller() caller: Caller, @Body() dto: ChangePhoneDto, @Client() client: ClientCommand) {
    return this.commands.execute(new ChangeMyMobileNumber(caller, dto.phone, dto.smsCode, client));
  }

  @Get('login-log')
  @ApiOperation({ summary: 'My latest sign-in attempts: time, address, device, outcome' })
  @ApiOkResponse({ description: '{ entries: [{ at, ip, userAgent, result, reason, method }] }' })
  async loginLog(@CurrentCaller() caller: Caller, @Query() query: LoginLogQueryDto) {
    const limit = Math.min(Math.max(Number(query.limit ?? 20), 1), 100);
    return { entries: await this.queries.execute(new GetMyLoginLog(caller, limit)) };
  }

  @Post('mfa/totp')
  @RequireStepUp()
  @ApiOperation({ summary: 'Start TOTP set-up (step-up): a secret for the authenticator app' })
  @ApiCreatedResponse({ description: '{ secret (base32), otpauthUri }' })
  startTotp(@CurrentCaller() caller: Caller, @Client() client: ClientCommand) {
    return this.commands.execute(new StartTotpEnrolment(caller, client));
  }

  @Post('mfa/totp/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Confirm TOTP with a first code; returns recovery codes, shown once' })
  @ApiOkResponse({ description: '{ recoveryCodes: string[10] }' })
  @NotReplayable('recovery codes')
  confirmTotp(@CurrentCaller() caller: Caller, @Body() dto: ConfirmTotpDto, @Client() client: ClientCommand) {
    return this.commands.execute(new ConfirmTotpEnrolment(caller, dto.code, client));
  }

  @Delete('mfa')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireStepUp()
  @ApiOperation({ summary: 'Switch MFA off (step-up, plus a fresh code or recovery code)' })
  @ApiNoContentResponse()
  async disableMfa(@CurrentCaller() caller: Caller, @Body() dto: DisableMfaDto, @Client() client: ClientCommand): Promise<void> {
    await this.commands.execute(new SwitchOffMfa(caller, presentedFactor(dto, true), client));
  }
}
