import { BadRequestException, Body, Controller, HttpCode, HttpStatus, NotFoundException, Param, Post, Req, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { Equals, IsString, Length, Validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { AdminOnly } from '../../admin/admin.guard';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { UuidParam } from '../../http/validation';
import { EraseContactPersonalData, ErasePersonalDataOfAccount, type ContactErasureOutcome, type ErasureOutcome } from '../application/personal-data-erasure';
import type { Caller } from '../application/session-control';
import { normalizeMobile } from '../crypto';
import { CurrentCaller, originOf } from './caller';
import { IsMainlandMobile } from './dto/validators';
import { Authenticated, RequireStepUp } from './guards';
import { IdentityErrorFilter } from './identity-error.filter';

/** What the holder types to confirm; with the step-up (password again) just before. */
export const SELF_ERASURE_CONFIRMATION = 'erase my personal data';

export class SelfErasureDto {
  @Equals(SELF_ERASURE_CONFIRMATION, { message: `confirm must be "${SELF_ERASURE_CONFIRMATION}"` }) confirm!: string;
}

export class OperationsErasureDto {
  @IsString() @Length(2, 200) reason!: string;
  /** The account's id once more: an erasure cannot be undone, so a mistyped path must not erase another. */
  @IsString() confirmUserId!: string;
}

/** Erasure of my own personal data (PIPL art. 47): signed in, stepped up, confirmed. It ends every session. */
@ApiTags('me')
@Controller('api/v1/me/personal-data')
@Authenticated()
@UseFilters(IdentityErrorFilter)
export class MyPersonalDataErasureController {
  constructor(private readonly commands: CommandBus) {}

  @Post('erasure')
  @HttpCode(HttpStatus.OK)
  @RequireStepUp()
  @ApiOperation({ summary: 'Erase my personal data: my data key is destroyed, my account disabled, my sessions ended (step-up; confirm)' })
  @ApiOkResponse({ description: '{ userId, erasedAt, endedSessions }' })
  async erase(@CurrentCaller() caller: Caller, @Body() _dto: SelfErasureDto, @Client() client: ClientCommand): Promise<ErasureOutcome> {
    const erased = await this.commands.execute(new ErasePersonalDataOfAccount(caller.userId, 'self', 'requested by the account holder', caller.userId, caller.ip, client));
    if (erased === null) throw new NotFoundException('there is no such account');
    return erased;
  }
}

/** Operations erase an account holder's personal data on a request received outside the product (admin token). */
@ApiTags('operations')
@ApiBearerAuth()
@AdminOnly()
@Controller('api/v1/admin/accounts')
export class PersonalDataErasureOperationsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':userId/personal-data-erasure')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Erase an account holder's personal data (crypto-shredding; cannot be undone)" })
  @ApiOkResponse({ description: '{ userId, erasedAt, endedSessions }' })
  async erase(@Param('userId', UuidParam) userId: string, @Body() dto: OperationsErasureDto, @Req() request: FastifyRequest, @Client() client: ClientCommand): Promise<ErasureOutcome> {
    if (dto.confirmUserId !== userId) {
      const message = 'confirmUserId must repeat the account id of the path';
      throw new BadRequestException({ message, errors: [{ field: 'confirmUserId', rule: 'matches-path', message }] });
    }
    const erased = await this.commands.execute(new ErasePersonalDataOfAccount(userId, 'operations', dto.reason, 'operations', originOf(request).ip, client));
    if (erased === null) throw new NotFoundException('there is no such account');
    return erased;
  }
}

export class ContactErasureDto {
  @Validate(IsMainlandMobile) phone!: string;
  /** The number once more: an erasure cannot be undone. */
  @IsString() confirmPhone!: string;
  @IsString() @Length(2, 200) reason!: string;
}

/** Operations erase a work-order contact's data (no account: known by the mobile number) on a request received outside the product. */
@ApiTags('operations')
@ApiBearerAuth()
@AdminOnly()
@Controller('api/v1/admin/contacts')
export class ContactErasureOperationsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('personal-data-erasure')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Erase a contact's personal data in every enterprise's work orders (crypto-shredding; cannot be undone)" })
  @ApiOkResponse({ description: '{ erasedSubjects, erasedAt }' })
  async erase(@Body() dto: ContactErasureDto, @Req() request: FastifyRequest, @Client() client: ClientCommand): Promise<ContactErasureOutcome> {
    if (normalizeMobile(dto.confirmPhone) !== normalizeMobile(dto.phone)) {
      const message = 'confirmPhone must repeat phone';
      throw new BadRequestException({ message, errors: [{ field: 'confirmPhone', rule: 'matches-phone', message }] });
    }
    return this.commands.execute(new EraseContactPersonalData(dto.phone, dto.reason, originOf(request).ip, client));
  }
}
