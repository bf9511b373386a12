import { Body, Controller, HttpCode, NotFoundException, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { AdminOnly } from '../../admin/admin.guard';
import { Accounts } from '../application/accounts';
import { SessionControl } from '../application/session-control';
import { Clock } from '../clock';
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
  constructor(
    private readonly accounts: Accounts,
    private readonly sessions: SessionControl,
    private readonly clock: Clock,
  ) {}

  @Post(':userId/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable an account and end every session it has' })
  @ApiOkResponse({ description: '{ userId, endedSessions }' })
  async disable(
    @Param('userId', UuidParam) userId: string,
    @Body() body: DisableAccountBody,
    @Req() request: FastifyRequest,
  ): Promise<{ userId: string; endedSessions: number }> {
    if ((await this.accounts.loadRegistered(userId)) === null) throw new NotFoundException('there is no such account');
    const { ip } = originOf(request);
    await this.accounts.execute(userId, { type: 'DisableAccount', data: { reason: body.reason, at: this.clock.now().toISOString() } }, ip, 'operations');
    return { userId, endedSessions: await this.sessions.endAll(userId, 'disabled', ip) };
  }
}
