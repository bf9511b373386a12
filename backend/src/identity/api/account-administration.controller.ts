import { Body, Controller, HttpCode, NotFoundException, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { CommandBus } from '@nestjs/cqrs';
import { AdminOnly } from '../../admin/admin.guard';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { DisableAccountByOperations } from '../application/account-administration';
import { originOf } from './caller';
import { UuidParam } from '../../http/validation';

export class DisableAccountBody {
  @IsString() @Length(2, 200) reason!: string;
}

/**
 * Operations on accounts (admin token): disabling one ends all its sessions. Enterprise admins get
 * this through their roles once tenancy lands; until then it is an operator's tool.
 */
@ApiTags('operations')
@ApiBearerAuth()
@AdminOnly()
@Controller('api/v1/admin/accounts')
export class AccountAdministrationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':userId/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable an account and end every session it has' })
  @ApiOkResponse({ description: '{ userId, endedSessions }' })
  async disable(
    @Param('userId', UuidParam) userId: string,
    @Body() body: DisableAccountBody,
    @Req() request: FastifyRequest,
    @Client() client: ClientCommand,
  ): Promise<{ userId: string; endedSessions: number }> {
    const disabled = await this.commands.execute(new DisableAccountByOperations(userId, body.reason, originOf(request).ip, client));
    if (disabled === null) throw new NotFoundException('there is no such account');
    return disabled;
  }
}
