import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { TenancyRuleViolation } from '@kuaige/domain';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../../identity/clock';
import {
  ApproveMembership,
  ChangeMemberRoles,
  DeclineMembership,
  LeaveEnterprise,
  RemoveMember,
  SetPermissionOverrides,
} from '../application/membership.commands';
import {
  AssignMemberDepartment,
  ChangeEnterpriseRolePermissions,
  CreateDepartment,
  DefineEnterpriseRole,
  DeleteDepartment,
  DeleteEnterpriseRole,
  RenameEnterpriseRole,
  UpdateDepartment,
} from '../application/organisation.commands';
import { GetMember, ListDepartments, ListEnterpriseRoles, ListMembers } from '../read-models/organisation.queries';
import { CurrentActor, inScope, NotFoundInScope, Permit, type Actor } from './authorization';
import { actingContext } from './command-contexts';
import { IdentityErrorFilter } from '../../identity/api/identity-error.filter';
import { OrganisationErrorFilter } from './organisation-error.filter';
import { OrganisationScope } from './organisation-scope';
import {
  CreateDepartmentDto,
  CreateRoleDto,
  MemberListQueryDto,
  OptionalReasonDto,
  OverridesDto,
  ReasonDto,
  RoleKeysDto,
  UpdateDepartmentDto,
  UpdateMemberDto,
  UpdateRoleDto,
} from './organisation.dto';

/**
 * /api/v1/enterprises/:enterpriseId — the enterprise's own administration (ORG-5…ORG-9): departments,
 * employees, roles and per-user overrides. Every row is checked against the actor's ability (another
 * enterprise's ids answer 404 and change nothing); every change waits for the read models, so that
 * the actor's next request — and the next request of the employee whose roles or overrides changed —
 * is decided on the new state.
 */
@ApiTags('organisation')
@Controller('api/v1/enterprises/:enterpriseId')
// Signing in is identity's: its refusals (401 and the like) keep their statuses here too.
@UseFilters(IdentityErrorFilter, OrganisationErrorFilter)
export class OrganisationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly scope: OrganisationScope,
    private readonly clock: Clock,
  ) {}

  // ---- departments -------------------------------------------------------------------------------

  @Get('departments')
  @Permit('department:read')
  @ApiOperation({ summary: 'The department tree: every department, flat, with parentId, path (ids from the top) and memberCount' })
  @ApiOkResponse({ description: '{ items: [{ id, name, parentId, responsibilities, memberCount, path, depth, createdAt, updatedAt }] }' })
  async departments(@CurrentActor() actor: Actor, @Param('enterpriseId') enterpriseId: string) {
    await this.scope.enterprise(actor, 'read', 'Department', enterpriseId);
    return this.queries.execute(new ListDepartments(actor, enterpriseId));
  }

  @Post('departments')
  @Permit('department:create')
  @ApiOperation({ summary: 'Create a department at the top or under another (names unique among siblings, at most 10 levels)' })
  @ApiCreatedResponse({ description: 'The department as GET departments lists it' })
  async createDepartment(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Body() dto: CreateDepartmentDto,
    @Client() client: ClientCommand,
  ) {
    await this.scope.enterprise(actor, 'create', 'Department', enterpriseId);
    const departmentId = client.idOf('department');
    const now = this.clock.now();
    await this.commands.execute(
      new CreateDepartment(
        {
          enterpriseId,
          departmentId,
          name: dto.name,
          parentId: dto.parentId ?? null,
          responsibilities: dto.responsibilities ?? '',
          at: now.toISOString(),
        },
        actingContext(client, 'create-department', actor, now),
      ),
    );
    return this.departmentView(actor, enterpriseId, departmentId);
  }

  @Patch('departments/:departmentId')
  @Permit('department:update')
  @ApiOperation({ summary: 'Rename, describe or move a department (parentId null: to the top; never under itself or below)' })
  @ApiOkResponse({ description: 'The department as GET departments lists it' })
  async updateDepartment(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Param('departmentId') departmentId: string,
    @Body() dto: UpdateDepartmentDto,
    @Client() client: ClientCommand,
  ) {
    await this.scope.department(actor, 'update', enterpriseId, departmentId);
    const now = this.clock.now();
    await this.commands.execute(
      new UpdateDepartment(
        {
          enterpriseId,
          departmentId,
          ...(dto.name !== undefined ? { name: dto.name } : {}),
          ...(dto.responsibilities !== undefined ? { responsibilities: dto.responsibilities } : {}),
          ...(dto.parentId !== undefined ? { parentId: dto.parentId } : {}),
          at: now.toISOString(),
        },
        actingContext(client, 'update-department', actor, now),
      ),
    );
    return this.departmentView(actor, enterpriseId, departmentId);
  }

  @Delete('departments/:departmentId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Permit('department:delete')
  @ApiOperation({ summary: 'Delete an empty department (409 department-not-empty while it has sub-departments or members)' })
  @ApiNoContentResponse()
  async deleteDepartment(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Param('departmentId') departmentId: string,
    @Client() client: ClientCommand,
  ): Promise<void> {
    await this.scope.department(actor, 'delete', enterpriseId, departmentId);
    const now = this.clock.now();
    await this.commands.execute(
      new DeleteDepartment({ enterpriseId, departmentId, at: now.toISOString() }, actingContext(client, 'delete-department', actor, now)),
    );
    await this.scope.caughtUp();
  }

  // ---- members -----------------------------------------------------------------------------------

  @Get('members')
  @Permit('member:read')
  @ApiOperation({
    summary: 'Employees, paged on the server: ?status=active|requested|invited|departed&departmentId=&q= (name part or mobile number)',
  })
  @ApiOkResponse({
    description:
      '{ items: [{ userId, displayName, phone (masked), departmentId, roles, status, since, joinedAt, departedAt, departure }], total, page, pageSize }',
  })
  async members(@CurrentActor() actor: Actor, @Param('enterpriseId') enterpriseId: string, @Query() query: MemberListQueryDto) {
    await this.scope.enterprise(actor, 'read', 'Member', enterpriseId);
    return this.queries.execute(new ListMembers(actor, enterpriseId, { ...query, page: query.page ?? 1, pageSize: query.pageSize ?? 20 }));
  }

  @Patch('members/:userId')
  @Permit('member:update')
  @ApiOperation({
    summary:
      'Put an active employee in a department (null: none) and/or give it roles (roles need member:assign; the last admin keeps admin)',
  })
  @ApiOkResponse({ description: 'The employee as GET members lists it' })
  async updateMember(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Param('userId') userId: string,
    @Body() dto: UpdateMemberDto,
    @Client() client: ClientCommand,
  ) {
    const row = await this.scope.member(actor, 'update', enterpriseId, userId);
    if (dto.roles !== undefined) inScope(actor, 'assign', 'Member', row, 'userId');
    // Two streams, two commands: the department is checked first, so that a body refused for either
    // part changes neither (short of a department deleted in between).
    if (dto.departmentId !== undefined && dto.departmentId !== null && !(await this.scope.departmentExists(enterpriseId, dto.departmentId)))
      throw new TenancyRuleViolation(
        'department-unknown',
        'departmentId',
        `department ${dto.departmentId} does not exist in this enterprise`,
      );
    const now = this.clock.now();
    const at = now.toISOString();
    if (dto.roles !== undefined)
      await this.commands.execute(
        new ChangeMemberRoles(
          { enterpriseId, userId, changedBy: actor.userId, roles: dto.roles, at },
          actingContext(client, 'change-roles', actor, now),
        ),
      );
    if (dto.departmentId !== undefined)
      await this.commands.execute(
        new AssignMemberDepartment(
          { enterpriseId, userId, departmentId: dto.departmentId, at },
          actingContext(client, 'assign-department', actor, now),
        ),
      );
    return this.memberView(actor, enterpriseId, userId);
  }

  @Post('members/:userId/approve')
  @HttpCode(HttpStatus.OK)
  @Permit('member:create')
  @ApiOperation({ summary: 'Approve a join request with the roles the new employee gets' })
  @ApiOkResponse({ description: 'The employee as GET members lists it' })
  async approve(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Param('userId') userId: string,
    @Body() dto: RoleKeysDto,
    @Client() client: ClientCommand,
  ) {
    await this.scope.member(actor, 'create', enterpriseId, userId);
    const now = this.clock.now();
    await this.commands.execute(
      new ApproveMembership(
        { enterpriseId, userId, approvedBy: actor.userId, roles: dto.roles, at: now.toISOString() },
        actingContext(client, 'approve', actor, now),
      ),
    );
    return this.memberView(actor, enterpriseId, userId);
  }

  @Post('members/:userId/decline')
  @HttpCode(HttpStatus.OK)
  @Permit('member:update')
  @ApiOperation({ summary: 'Decline a join request, or withdraw an invitation not yet accepted' })
  @ApiOkResponse({ description: 'The membership as it is now (status declined)' })
  async decline(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Param('userId') userId: string,
    @Body() dto: OptionalReasonDto,
    @Client() client: ClientCommand,
  ) {
    await this.scope.member(actor, 'update', enterpriseId, userId);
    const now = this.clock.now();
    await this.commands.execute(
      new DeclineMembership(
        { enterpriseId, userId, declinedBy: actor.userId, reason: dto.reason ?? '', at: now.toISOString() },
        actingContext(client, 'decline', actor, now),
      ),
    );
    return this.memberView(actor, enterpriseId, userId);
  }

  @Post('members/:userId/departure')
  @HttpCode(HttpStatus.OK)
  @Permit('member:delete')
  @ApiOperation({
    summary: 'Record an employee’s departure (离职): the membership ends, its department and overrides with it; on oneself: leaving',
  })
  @ApiOkResponse({ description: 'The membership as it is now (status removed or left, departedAt, departure)' })
  async departure(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Param('userId') userId: string,
    @Body() dto: ReasonDto,
    @Client() client: ClientCommand,
  ) {
    await this.scope.member(actor, 'delete', enterpriseId, userId);
    const now = this.clock.now();
    const at = now.toISOString();
    const context = actingContext(client, 'departure', actor, now);
    await this.commands.execute(
      userId === actor.userId
        ? new LeaveEnterprise({ enterpriseId, userId, at }, context)
        : new RemoveMember({ enterpriseId, userId, removedBy: actor.userId, reason: dto.reason, at }, context),
    );
    return this.memberView(actor, enterpriseId, userId);
  }

  @Get('members/:userId/overrides')
  @Permit('member:read')
  @ApiOperation({ summary: 'The employee’s per-user allow/deny exceptions to its roles' })
  @ApiOkResponse({ description: '{ overrides: [{ permission, effect }] }' })
  async overrides(@CurrentActor() actor: Actor, @Param('enterpriseId') enterpriseId: string, @Param('userId') userId: string) {
    const row = await this.scope.member(actor, 'read', enterpriseId, userId);
    return { overrides: row.overrides };
  }

  @Put('members/:userId/overrides')
  @Permit('member:assign')
  @ApiOperation({ summary: 'Set the employee’s exceptions (the whole list; [] clears them); they apply from its very next request' })
  @ApiOkResponse({ description: '{ overrides: [{ permission, effect }] }' })
  async setOverrides(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Param('userId') userId: string,
    @Body() dto: OverridesDto,
    @Client() client: ClientCommand,
  ) {
    await this.scope.member(actor, 'assign', enterpriseId, userId);
    const now = this.clock.now();
    const overrides = dto.overrides.map((o) => ({ permission: o.permission, effect: o.effect }));
    await this.commands.execute(
      new SetPermissionOverrides(
        { enterpriseId, userId, setBy: actor.userId, overrides, at: now.toISOString() },
        actingContext(client, 'set-overrides', actor, now),
      ),
    );
    await this.scope.caughtUp();
    return { overrides: (await this.scope.memberRow(enterpriseId, userId))?.overrides ?? [] };
  }

  // ---- roles -------------------------------------------------------------------------------------

  @Get('roles')
  @Permit('role:read')
  @ApiOperation({ summary: 'The enterprise’s roles: built-in ones and its own, with their permissions and how many employees hold each' })
  @ApiOkResponse({ description: '{ items: [{ id, name, label, description, builtIn, permissions, holders }] }' })
  async roles(@CurrentActor() actor: Actor, @Param('enterpriseId') enterpriseId: string) {
    await this.scope.enterprise(actor, 'read', 'Role', enterpriseId);
    await this.scope.caughtUp();
    return this.queries.execute(new ListEnterpriseRoles(actor, enterpriseId));
  }

  @Post('roles')
  @Permit('role:create')
  @ApiOperation({ summary: 'Define a role: a name and permissions from the catalogue (GET /api/v1/permissions)' })
  @ApiCreatedResponse({ description: 'The role as GET roles lists it' })
  async createRole(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Body() dto: CreateRoleDto,
    @Client() client: ClientCommand,
  ) {
    await this.scope.enterprise(actor, 'create', 'Role', enterpriseId);
    const roleId = client.idOf('role');
    const now = this.clock.now();
    await this.commands.execute(
      new DefineEnterpriseRole(
        { enterpriseId, roleId, name: dto.name, description: dto.description ?? '', permissions: dto.permissions, at: now.toISOString() },
        actingContext(client, 'define-role', actor, now),
      ),
    );
    return this.roleView(actor, enterpriseId, roleId);
  }

  @Patch('roles/:roleId')
  @Permit('role:update')
  @ApiOperation({ summary: 'Rename a role or change its permissions; holders get the new permissions on their next request' })
  @ApiOkResponse({ description: 'The role as GET roles lists it' })
  async updateRole(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Param('roleId') roleId: string,
    @Body() dto: UpdateRoleDto,
    @Client() client: ClientCommand,
  ) {
    const row = await this.scope.role(actor, 'update', enterpriseId, roleId);
    const now = this.clock.now();
    const at = now.toISOString();
    if (dto.name !== undefined || dto.description !== undefined)
      await this.commands.execute(
        new RenameEnterpriseRole(
          {
            enterpriseId,
            roleId,
            name: dto.name ?? row.name,
            ...(dto.description !== undefined ? { description: dto.description } : {}),
            at,
          },
          actingContext(client, 'rename-role', actor, now),
        ),
      );
    if (dto.permissions !== undefined)
      await this.commands.execute(
        new ChangeEnterpriseRolePermissions(
          { enterpriseId, roleId, permissions: dto.permissions, at },
          actingContext(client, 'role-permissions', actor, now),
        ),
      );
    return this.roleView(actor, enterpriseId, roleId);
  }

  @Delete('roles/:roleId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Permit('role:delete')
  @ApiOperation({ summary: 'Delete a role no employee holds (409 role-in-use otherwise: give its holders another role first)' })
  @ApiNoContentResponse()
  async deleteRole(
    @CurrentActor() actor: Actor,
    @Param('enterpriseId') enterpriseId: string,
    @Param('roleId') roleId: string,
    @Client() client: ClientCommand,
  ): Promise<void> {
    await this.scope.role(actor, 'delete', enterpriseId, roleId);
    const now = this.clock.now();
    await this.commands.execute(
      new DeleteEnterpriseRole({ enterpriseId, roleId, at: now.toISOString() }, actingContext(client, 'delete-role', actor, now)),
    );
    await this.scope.caughtUp();
  }

  // ---- what a change answers, once the read models have caught up ----------------------------------

  private async departmentView(actor: Actor, enterpriseId: string, departmentId: string) {
    await this.scope.caughtUp();
    const { items } = await this.queries.execute(new ListDepartments(actor, enterpriseId));
    const item = items.find((d) => d.id === departmentId);
    if (!item) throw new NotFoundInScope('Department', 'departmentId');
    return item;
  }

  private async memberView(actor: Actor, enterpriseId: string, userId: string) {
    await this.scope.caughtUp();
    const member = await this.queries.execute(new GetMember(actor, enterpriseId, userId));
    if (!member) throw new NotFoundInScope('Member', 'userId');
    return member;
  }

  private async roleView(actor: Actor, enterpriseId: string, roleId: string) {
    await this.scope.caughtUp();
    const { items } = await this.queries.execute(new ListEnterpriseRoles(actor, enterpriseId));
    const item = items.find((r) => r.id === roleId);
    if (!item) throw new NotFoundInScope('Role', 'roleId');
    return item;
  }
}
