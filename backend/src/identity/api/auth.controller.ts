import { Body, Controller, HttpCode, HttpStatus, Post, Req, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { Client, NotReplayable, type ClientCommand } from '../../event-sourcing/client-command';
import { ResetPasswordWithSmsCode } from '../application/passwords';
import { Register } from '../application/registration';
import { RefreshTokens } from '../application/session-issuer';
import { SignInWithPassword, SignInWithSecondFactor } from '../application/sign-in';
import { RequestSmsCode } from '../application/sms-requests';
import { originOf } from './caller';
import { LoginDto, MfaLoginDto, PasswordResetDto, RefreshDto, RegisterDto, SmsCodeRequestDto } from './dto/auth.dto';
import { AuthRateLimited } from './guards';
import { IdentityErrorFilter } from './identity-error.filter';
import { presentedFactor } from './second-factor-input';
import { Access } from '../../http/access';

/** Public part of /api/v1/auth: SMS codes, registration, sign-in, refresh, password reset. */
@ApiTags('auth')
@Controller('api/v1/auth')
@Access.public()
@AuthRateLimited()
@UseFilters(IdentityErrorFilter)
export class AuthController {
  constructor(private readonly commands: CommandBus) {}

  @Post('sms-codes')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a 6-digit SMS code (valid 5 min, single use); same answer for any number' })
  @ApiAcceptedResponse({ description: '{ accepted: true, expiresInSeconds: 300 }' })
  async requestSmsCode(@Body() dto: SmsCodeRequestDto, @Req() request: FastifyRequest, @Client() client: ClientCommand) {
    await this.commands.execute(new RequestSmsCode(dto.phone, dto.purpose, originOf(request).ip, client));
    return { accepted: true, expiresInSeconds: 300 };
  }

  @Post('register')
  @ApiOperation({ summary: 'Register with mobile number, SMS code, password and consent (ID-1)' })
  @ApiCreatedResponse({ description: '{ userId, displayName }' })
  @ApiBadRequestResponse({ description: 'field errors, or smsCode refused (errors[0].field = "smsCode")' })
  @ApiConflictResponse({ description: 'the number is already registered (said only to whoever holds its SMS code)' })
  register(@Body() dto: RegisterDto, @Req() request: FastifyRequest, @Client() client: ClientCommand) {
    return this.commands.execute(new Register(dto, originOf(request).ip, client));
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with password; returns tokens, or { mfaRequired: true, mfaToken }' })
  @ApiOkResponse({ description: '{ accessToken, tokenType, expiresIn, refreshToken, session, mfaRequired: false, passwordChangeDue, mfaEnrollmentRequired } or { mfaRequired: true, mfaToken, expiresIn }' })
  @ApiUnauthorizedResponse({ description: 'unknown number or wrong password (one answer for both)' })
  @NotReplayable('tokens')
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest, @Client() client: ClientCommand) {
    return this.commands.execute(new SignInWithPassword(dto.phone, dto.password, originOf(request), client));
  }

  @Post('login/mfa')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Second step of sign-in: mfaToken plus a TOTP code or a recovery code' })
  @ApiOkResponse({ description: 'tokens, as for /login' })
  @NotReplayable('tokens')
  loginWithSecondFactor(@Body() dto: MfaLoginDto, @Req() request: FastifyRequest, @Client() client: ClientCommand) {
    return this.commands.execute(new SignInWithSecondFactor(dto.mfaToken, presentedFactor(dto, true), originOf(request), client));
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange the refresh token for new tokens; an old refresh token used again ends the session' })
  @ApiOkResponse({ description: '{ accessToken, tokenType, expiresIn, refreshToken, session }' })
  @NotReplayable('tokens')
  refresh(@Body() dto: RefreshDto, @Req() request: FastifyRequest, @Client() client: ClientCommand) {
    return this.commands.execute(new RefreshTokens(dto.refreshToken, originOf(request).ip, client));
  }

  @Post('password-reset')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with an SMS code (purpose reset-password); ends all sessions' })
  @ApiNoContentResponse()
  async resetPassword(@Body() dto: PasswordResetDto, @Req() request: FastifyRequest, @Client() client: ClientCommand): Promise<void> {
    await this.commands.execute(new ResetPasswordWithSmsCode(dto.phone, dto.smsCode, dto.newPassword, originOf(request).ip, client));
  }
}
