import { Body, Controller, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { TenancyRuleViolation } from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { NATIONAL } from '@kuaige/tenancy';
import { AdminOnly } from '../../admin/admin.guard';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Accounts } from '../../identity/application/accounts';
import { Clock } from '../../identity/clock';
import { PersonalData } from '../../identity/personal-data';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CreateOperatorNode } from '../application/operator-node.commands';
import { AppointOperatorStaff } from '../application/operator-staff.commands';
import { encryptedContacts } from './operator-contacts';
import { CreateNationalRootDto } from './tenancy.dto';

/**
 * The operations API's part in tenancy: the national root node and its first administrator, which no
 * one inside the tree can create (every other node is created from its parent).
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('api/v1/operations/tenancy')
@AdminOnly()
export class TenancyOperationsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly accounts: Accounts,
    private readonly personal: PersonalData,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  @Post('national-root')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Create the national operator node (总运营商) if there is none, and appoint a registered account as its operator-admin' })
  @ApiOkResponse({ description: '{ nodeId, adminUserId }' })
  async nationalRoot(@Body() dto: CreateNationalRootDto, @Client() client: ClientCommand) {
    const adminUserId = await this.accounts.userIdByMobileIndex(this.personal.mobileIndex(dto.adminPhone));
    if (adminUserId === null) throw new TenancyRuleViolation('registered', 'adminPhone', 'no account is registered with this mobile number');
    await this.freshness.caughtUp(['operator_nodes']);
    const existing = await this.store.collection('operator_nodes').findOne({ $and: [{ divisionCode: NATIONAL }, visibleRows] });
    const now = this.clock.now();
    const operations = { userId: 'operations' };
    const nodeId = existing?._id ?? client.idOf('national-root');
    if (!existing) {
      await this.commands.execute(
        new CreateOperatorNode(
          nodeId,
          {
            divisionCode: NATIONAL,
            parentNodeId: null,
            name: dto.name,
            principal: { name: dto.principalName, userId: adminUserId },
            contacts: encryptedContacts(this.personal, nodeId, dto.adminPhone, null),
            at: now.toISOString(),
          },
          client.context('national-root', operations, now),
        ),
      );
    }
    await this.commands.execute(
      new AppointOperatorStaff({ nodeId, userId: adminUserId, roles: ['operator-admin'], appointedBy: 'operations', at: now.toISOString() }, client.context('appoint', operations, now)),
    );
    await this.freshness.caughtUp(['operator_nodes', 'operator_staff']);
    return { nodeId, adminUserId };
  }
}
