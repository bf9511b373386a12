import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import type { Caller } from '../../identity/application/session-control';
import { CurrentCaller } from '../../identity/api/caller';
import { Authenticated } from '../../identity/api/guards';
import { IdentityErrorFilter } from '../../identity/api/identity-error.filter';
import { ApplyForMyCertification, GetMyQualifications, SubmitMyRealName } from '../application/my-qualifications';
import { CertificationErrorFilter } from './certification-error.filter';
import { ApplyForCertificationDto, SubmitRealNameDto } from './dto/certification.dto';

const VIEW =
  '{ realName: { status, realName (masked), idNumber (masked), photos, countyCode, submittedAt, review, history }, engineer: { status, materials, skills, years, countyCode, submittedAt, approvedAt, review, history }, expert: { … }, roles }';

/** /api/v1/me: my real-name verification and certifications (个人空间 · 资质认证). Signed in only. */
@ApiTags('me')
@Controller('api/v1/me')
@Authenticated()
@UseFilters(IdentityErrorFilter, CertificationErrorFilter)
export class MyQualificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('qualifications')
  @ApiOperation({ summary: 'My real-name verification and certifications: status, review opinions, history (name and ID number masked)' })
  @ApiOkResponse({ description: VIEW })
  mine(@CurrentCaller() caller: Caller) {
    return this.queries.execute(new GetMyQualifications(caller));
  }

  @Post('real-name')
  @ApiOperation({ summary: 'Submit (or, after a rejection, resubmit) my real name, ID number and ID card photos for review' })
  @ApiCreatedResponse({ description: `my qualifications, as GET /api/v1/me/qualifications: ${VIEW}` })
  async submitRealName(@CurrentCaller() caller: Caller, @Body() dto: SubmitRealNameDto, @Client() client: ClientCommand) {
    await this.commands.execute(new SubmitMyRealName(caller, dto, client));
    return this.queries.execute(new GetMyQualifications(caller));
  }

  @Post('certifications')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Apply (or apply again) for certification as an engineer or an expert; needs an approved real-name verification' })
  @ApiCreatedResponse({ description: `my qualifications, as GET /api/v1/me/qualifications: ${VIEW}` })
  async applyForCertification(@CurrentCaller() caller: Caller, @Body() dto: ApplyForCertificationDto, @Client() client: ClientCommand) {
    await this.commands.execute(new ApplyForMyCertification(caller, dto, client));
    return this.queries.execute(new GetMyQualifications(caller));
  }
}
