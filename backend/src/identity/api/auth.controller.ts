import { Body, Controller, HttpCode, HttpStatus, Post, Req, UseFilters } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Passwords } from '../application/passwords';
import { Registrations } from '../application/registration';
import { SessionIssuer } from '../application/session-issuer';
import { SignIn } from '../application/sign-in';
import { SmsRequests } from '../application/sms-requests';
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
  constructor(
    private readonly smsRequests: SmsRequests,
    private readonly registrations: Registrations,
    private readonly signIn: SignIn,
    private readonly issuer: SessionIssuer,
    private readonly passwords: Passwords,
  ) {}

  @Post('sms-codes')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a 6-digit SMS code (valid 5 min, single use); same answer for any number' })
  @ApiAcceptedResponse({ description: '{ accepted: true, expiresInSeconds: 300 }' })
  async requestSmsCode(@Body() dto: SmsCodeRequestDto, @Req() request: FastifyRequest) {
    await this.smsRequests.request(dto.phone, dto.purpose, originOf(request).ip);
    return { accepted: true, expiresInSeconds: 300 };
  }

  @Post('register')
  @ApiOperation({ summary: 'Register with mobile number, SMS code, password and consent (ID-1)' })
  @ApiCreatedResponse({ description: '{ userId, displayName }' })
  @ApiBadRequestResponse({ description: 'field errors, or smsCode refused (errors[0].field = "smsCode")' })
  @ApiConflictResponse({ description: 'the number is already registered (said only to whoever holds its SMS code)' })
  register(@Body() dto: RegisterDto, @Req() request: FastifyRequest) {
    return this.registrations.register(dto, originOf(request).ip);
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with password; returns tokens, or { mfaRequired: true, mfaToken }' })
  @ApiOkResponse({ description: '{ accessToken, tokenType, expiresIn, refreshToken, session, mfaRequired: false, passwordChangeDue, mfaEnrollmentRequired } or { mfaRequired: true, mfaToken, expiresIn }' })
  @ApiUnauthorizedResponse({ description: 'unknown number or wrong password (one answer for both)' })
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest) {
    return this.signIn.withPassword(dto.phone, dto.password, originOf(request));
  }

  @Post('login/mfa')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Second step of sign-in: mfaToken plus a TOTP code or a recovery code' })
  @ApiOkResponse({ description: 'tokens, as for /login' })
  loginWithSecondFactor(@Body() dto: MfaLoginDto, @Req() request: FastifyRequest) {
    return this.signIn.withSecondFactor(dto.mfaToken, presentedFactor(dto, true), originOf(request));
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange the refresh token for new tokens; an old refresh token used again ends the session' })
  @ApiOkResponse({ description: '{ accessToken, tokenType, expiresIn, refreshToken, session }' })
  refresh(@Body() dto: RefreshDto, @Req() request: FastifyRequest) {
    return this.issuer.refresh(dto.refreshToken, originOf(request).ip);
  }

  @Post('password-reset')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with an SMS code (purpose reset-password); ends all sessions' })
  @ApiNoContentResponse()
  async resetPassword(@Body() dto: PasswordResetDto, @Req() request: FastifyRequest): Promise<void> {
    await this.passwords.reset(dto.phone, dto.smsCode, dto.newPassword, originOf(request).ip);
  }
}
