import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { TenancyRuleViolation } from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { jurisdictionOf, levelOfCode, NATIONAL } from '@kuaige/tenancy';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Accounts } from '../../identity/application/accounts';
import { Clock } from '../../identity/clock';
import { PersonalData } from '../../identity/personal-data';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { Authenticated } from '../../identity/api/guards';
import {
  ChangeOperatorContacts,
  ChangeOperatorPrincipal,
  CreateOperatorNode,
  ReactivateOperatorNode,
  RenameOperatorNode,
  SuspendOperatorNode,
} from '../application/operator-node.commands';
import { AppointOperatorStaff, RemoveOperatorStaff } from '../application/operator-staff.commands';
import { divisionTree } from '../division-data';
import { operatorStaffRowId } from '../read-models/operator-staff.projection';
import { GetOperatorNode, GetOperatorTree, ListOperatorNodes } from '../read-models/tenancy.queries';
import { CurrentActor, inScope, NotFoundInScope, Permit, type Actor } from './authorization';
import { actingContext } from './command-contexts';
import { encryptedContacts } from './operator-contacts';
import { AppointStaffDto, CreateOperatorNodeDto, NodeListQueryDto, SuspensionDto, TreeQueryDto, UpdateOperatorNodeDto } from './tenancy.dto';

const PROJECTIONS = ['operator_nodes', 'operator_staff'];

/** /api/v1/operator-nodes: the operator tree's nodes (OPS-1, OPS-2), each acted on inside the caller's jurisdiction. */
@ApiTags('tenancy')
@Controller('api/v1')
export class OperatorNodesController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly personal: PersonalData,
    private readonly accounts: Accounts,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  @Get('divisions')
  @Authenticated()
  @ApiOperation({ summary: 'GB/T 2260 divisions: the provinces, or the children of ?parent (for address pickers)' })
  @ApiOkResponse({ description: '{ items: [{ code, name, level }] }' })
  divisions(@Query() query: TreeQueryDto) {
    const tree = divisionTree();
    const parent = query.parent ?? NATIONAL;
    if (parent !== NATIONAL && !tree.has(parent)) throw new TenancyRuleViolation('division-exists', 'parent', `GB/T 2260 lists no division ${parent}`);
    return { items: tree.children(parent).map((d) => ({ code: d.code, name: d.name, level: d.level })) };
  }

  @Get('operator-tree')
  @Permit('operator-node:read')
  @ApiOperation({ summary: 'The operator tree from my node’s division (?parent=code lists that division’s children, inside my jurisdiction only)' })
  @ApiOkResponse({ description: '{ root: TreeItem } or { items: TreeItem[] }; TreeItem = { code, name, level, hasChildren, node, counts: { enterprises, pendingEnterprises } }' })
  tree(@CurrentActor() actor: Actor, @Query() query: TreeQueryDto) {
    return this.queries.execute(new GetOperatorTree(actor, query.parent));
  }

  @Get('operator-nodes')
  @Permit('operator-node:read')
  @ApiOperation({ summary: 'Operator nodes in my jurisdiction, by division code' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  async list(@CurrentActor() actor: Actor, @Query() query: NodeListQueryDto) {
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new ListOperatorNodes(actor, { ...query, page: query.page ?? 1, pageSize: query.pageSize ?? 20 }));
  }

  @Get('operator-nodes/:nodeId')
  @Permit('operator-node:read')
  @ApiOperation({ summary: 'One node with its staff; contact phone masked' })
  async get(@CurrentActor() actor: Actor, @Param('nodeId') nodeId: string) {
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetOperatorNode(actor, nodeId));
  }

  @Post('operator-nodes')
  @Permit('operator-node:create')
  @ApiOperation({ summary: 'Attach an operator node to a division inside my jurisdiction; its parent is the node of the parent division' })
  @ApiCreatedResponse({ description: 'the node, as GET /api/v1/operator-nodes/:id' })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateOperatorNodeDto, @Client() client: ClientCommand) {
    const regions = this.regionsOrRefuse(dto.divisionCode);
    // The new node must lie inside the caller's jurisdiction: checked on the row it would become.
    inScope(actor, 'create', 'OperatorNode', { scope: { tenants: [], regions } }, 'divisionCode');
    const parentCode = regions[1] ?? null;
    const parent = parentCode === null ? null : await this.store.collection('operator_nodes').findOne({ $and: [{ divisionCode: parentCode }, visibleRows] });
    const nodeId = client.idOf('operator-node');
    const now = this.clock.now();
    await this.commands.execute(
      new CreateOperatorNode(
        nodeId,
        {
          divisionCode: dto.divisionCode,
          // No node at the parent division: the decider refuses (parent-required).
          parentNodeId: parent?._id ?? null,
          name: dto.name,
          principal: { name: dto.principal.name, userId: dto.principal.userId ?? null },
          contacts: encryptedContacts(this.personal, nodeId, dto.contacts.phone, dto.contacts.email ?? null),
          at: now.toISOString(),
        },
        actingContext(client, 'create-node', actor, now),
      ),
    );
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetOperatorNode(actor, nodeId));
  }

  @Patch('operator-nodes/:nodeId')
  @Permit('operator-node:update')
  @ApiOperation({ summary: 'Rename, change principal and/or contacts' })
  async update(@CurrentActor() actor: Actor, @Param('nodeId') nodeId: string, @Body() dto: UpdateOperatorNodeDto, @Client() client: ClientCommand) {
    await this.nodeInScope(actor, 'update', nodeId);
    const now = this.clock.now();
    const at = now.toISOString();
    if (dto.name !== undefined) await this.commands.execute(new RenameOperatorNode(nodeId, { name: dto.name, at }, actingContext(client, 'rename', actor, now)));
    if (dto.principal !== undefined)
      await this.commands.execute(
        new ChangeOperatorPrincipal(nodeId, { principal: { name: dto.principal.name, userId: dto.principal.userId ?? null }, at }, actingContext(client, 'principal', actor, now)),
      );
    if (dto.contacts !== undefined)
      await this.commands.execute(new ChangeOperatorContacts(nodeId, { contacts: encryptedContacts(this.personal, nodeId, dto.contacts.phone, dto.contacts.email ?? null), at }, actingContext(client, 'contacts', actor, now)));
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetOperatorNode(actor, nodeId));
  }

  @Post('operator-nodes/:nodeId/suspend')
  @HttpCode(HttpStatus.OK)
  @Permit('operator-node:update')
  @ApiOperation({ summary: 'Suspend a node: its staff keep reading but may no longer act' })
  async suspend(@CurrentActor() actor: Actor, @Param('nodeId') nodeId: string, @Body() dto: SuspensionDto, @Client() client: ClientCommand) {
    await this.nodeInScope(actor, 'update', nodeId);
    const now = this.clock.now();
    await this.commands.execute(
      new SuspendOperatorNode(nodeId, { reason: dto.reason, actingNodeId: actor.operatorNode?.id ?? null, at: now.toISOString() }, actingContext(client, 'suspend', actor, now)),
    );
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetOperatorNode(actor, nodeId));
  }

  @Post('operator-nodes/:nodeId/reactivate')
  @HttpCode(HttpStatus.OK)
  @Permit('operator-node:update')
  @ApiOperation({ summary: 'Reactivate a suspended node' })
  async reactivate(@CurrentActor() actor: Actor, @Param('nodeId') nodeId: string, @Client() client: ClientCommand) {
    await this.nodeInScope(actor, 'update', nodeId);
    const now = this.clock.now();
    await this.commands.execute(
      new ReactivateOperatorNode(nodeId, { actingNodeId: actor.operatorNode?.id ?? null, at: now.toISOString() }, actingContext(client, 'reactivate', actor, now)),
    );
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetOperatorNode(actor, nodeId));
  }

  @Post('operator-nodes/:nodeId/staff')
  @Permit('operator-node:assign')
  @ApiOperation({ summary: 'Appoint a registered person (by mobile number) to the node’s staff with operator roles' })
  @ApiCreatedResponse({ description: 'the node with its staff' })
  async appoint(@CurrentActor() actor: Actor, @Param('nodeId') nodeId: string, @Body() dto: AppointStaffDto, @Client() client: ClientCommand) {
    await this.nodeInScope(actor, 'assign', nodeId);
    const userId = await this.accounts.userIdByMobileIndex(this.personal.mobileIndex(dto.phone));
    if (userId === null) throw new TenancyRuleViolation('registered', 'phone', 'no account is registered with this mobile number; ask the person to register first');
    const now = this.clock.now();
    await this.commands.execute(
      new AppointOperatorStaff({ nodeId, userId, roles: dto.roles, appointedBy: actor.userId, at: now.toISOString() }, actingContext(client, 'appoint', actor, now)),
    );
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetOperatorNode(actor, nodeId));
  }

  @Delete('operator-nodes/:nodeId/staff/:userId')
  @Permit('operator-node:assign')
  @ApiOperation({ summary: 'Remove a person from the node’s staff; their next request no longer acts for the node' })
  async removeStaff(@CurrentActor() actor: Actor, @Param('nodeId') nodeId: string, @Param('userId') userId: string, @Client() client: ClientCommand) {
    await this.nodeInScope(actor, 'assign', nodeId);
    // Only the node's own staff can be removed from it: anyone else (another node's staff, another
    // tenant's person) answers 404 like an unknown id, rather than a no-op 200 that confirms nothing.
    const staff = await this.store.collection('operator_staff').findOne({ $and: [{ _id: operatorStaffRowId(nodeId, userId) }, visibleRows] });
    if (!staff) throw new NotFoundInScope('OperatorNode', 'userId');
    const now = this.clock.now();
    await this.commands.execute(
      new RemoveOperatorStaff({ nodeId, userId, removedBy: actor.userId, reason: 'removed', at: now.toISOString() }, actingContext(client, 'remove-staff', actor, now)),
    );
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetOperatorNode(actor, nodeId));
  }

  private regionsOrRefuse(code: string): string[] {
    try {
      levelOfCode(code);
      if (code !== NATIONAL && !divisionTree().has(code)) throw new Error('unlisted');
      return jurisdictionOf(code);
    } catch {
      throw new TenancyRuleViolation('division-exists', 'divisionCode', `GB/T 2260 lists no division ${code}`);
    }
  }

  private async nodeInScope(actor: Actor, action: 'update' | 'assign', nodeId: string) {
    await this.freshness.caughtUp(PROJECTIONS);
    const row = await this.store.collection('operator_nodes').findOne({ $and: [{ _id: nodeId }, visibleRows] });
    return inScope(actor, action, 'OperatorNode', row);
  }
}
