import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { ActingContext } from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { ACTIONS, BUILT_IN_ROLES, PERMISSIONS, SUBJECTS, type SubjectType } from '@kuaige/tenancy';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { CurrentCaller } from '../../identity/api/caller';
import { Authenticated } from '../../identity/api/guards';
import type { Caller } from '../../identity/application/session-control';
import { SessionIssuer } from '../../identity/application/session-issuer';
import { SwitchActingContext } from '../../identity/application/session.commands';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import type { MembershipsRow } from '../read-models/tenancy.projections';
import type { OperatorStaffRow } from '../read-models/operator-staff.projection';
import { ActorDirectory, NotFoundInScope } from './authorization';
import { actingContext } from './command-contexts';
import { SwitchContextDto } from './tenancy.dto';

interface ContextView {
  readonly kind: 'enterprise' | 'operator';
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly status: string;
}

/** Where I can act (enterprises I am an active member of, operator nodes I am staff of) and switching. */
@ApiTags('tenancy')
@Controller('api/v1')
@Authenticated()
export class ContextsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly issuer: SessionIssuer,
    private readonly freshness: ReadModelFreshness,
    private readonly actors: ActorDirectory,
    private readonly clock: Clock,
  ) {}

  @Get('me/contexts')
  @ApiOperation({ summary: 'The enterprises and operator nodes I can act for, and the active one (from my access token)' })
  @ApiOkResponse({ description: '{ active: {kind,id,name,roles,status} | null, available: [...] }' })
  async contexts(@CurrentCaller() caller: Caller) {
    await this.freshness.caughtUp(['memberships', 'operator_staff', 'enterprises', 'operator_nodes']);
    const available = await this.available(caller.userId);
    const active = caller.context ? (available.find((c) => c.kind === caller.context!.kind && c.id === caller.context!.id) ?? null) : null;
    return { active, available };
  }

  @Post('me/context')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Act for another enterprise or operator node: records the switch on the session and issues an access token carrying it' })
  @ApiOkResponse({ description: '{ accessToken, tokenType, expiresIn, active } — the refresh token is unchanged and keeps the context' })
  async switch(@CurrentCaller() caller: Caller, @Body() dto: SwitchContextDto, @Client() client: ClientCommand) {
    await this.freshness.caughtUp(['memberships', 'operator_staff', 'enterprises', 'operator_nodes']);
    const target = (await this.available(caller.userId)).find((c) => c.kind === dto.kind && c.id === dto.id);
    // Not one of mine: answered like a missing one, whether or not it exists.
    if (!target) throw new NotFoundInScope(dto.kind === 'enterprise' ? 'Enterprise' : 'OperatorNode');
    const context: ActingContext = { kind: dto.kind, id: dto.id };
    const now = this.clock.now();
    const { state } = await this.commands.execute(
      new SwitchActingContext(caller.sessionId, { context, at: now.toISOString() }, actingContext(client, 'switch-context', caller, now)),
    );
    if (state.status !== 'active') throw new NotFoundInScope('Member', 'session');
    const { accessToken, expiresIn } = this.issuer.accessToken(caller.userId, caller.sessionId, state.absoluteExpiresAt, context);
    return { accessToken, tokenType: 'Bearer', expiresIn, active: target };
  }

  @Get('me/permissions')
  @ApiOperation({ summary: 'What I may do in my acting context: the catalogue permissions my ability grants anywhere in scope' })
  @ApiOkResponse({ description: '{ context: {kind,id} | null, roles, permissions: string[] }' })
  async myPermissions(@CurrentCaller() caller: Caller) {
    const actor = await this.actors.actorOf(caller);
    const permissions = PERMISSIONS.filter((p) => actor.ability.can(p.action, p.subject)).map((p) => p.permission);
    return { context: caller.context, roles: actor.roles, permissions };
  }

  @Get('permissions')
  @ApiOperation({ summary: 'The permission catalogue (subjects × actions, with labels) and the built-in roles' })
  catalogue() {
    return {
      subjects: (Object.keys(SUBJECTS) as SubjectType[]).map((type) => ({
        type,
        slug: SUBJECTS[type].slug,
        label: SUBJECTS[type].label,
        actions: PERMISSIONS.filter((p) => p.subject === type).map((p) => ({ action: p.action, permission: p.permission, label: p.label })),
      })),
      actions: Object.entries(ACTIONS).map(([action, label]) => ({ action, label })),
      roles: BUILT_IN_ROLES.map((r) => ({ key: r.key, scope: r.scope, name: r.label, privileged: r.privileged, permissions: r.permissions, personal: r.personal ?? [] })),
    };
  }

  private async available(userId: string): Promise<ContextView[]> {
    const memberships = await this.store.collection<MembershipsRow>('memberships').findOne({ $and: [{ _id: userId }, visibleRows] });
    const active = (memberships?.enterprises ?? []).filter((m) => m.status === 'active');
    const staff = await this.store.collection<OperatorStaffRow>('operator_staff').find({ $and: [{ userId }, visibleRows] });
    const [enterprises, nodes] = await Promise.all([
      this.store.collection('enterprises').find({ $and: [{ _id: { $in: active.map((m) => m.enterpriseId) } }, visibleRows] }),
      this.store.collection('operator_nodes').find({ $and: [{ _id: { $in: staff.map((s) => s.nodeId) } }, visibleRows] }),
    ]);
    const byId = new Map([...enterprises, ...nodes].map((r) => [r._id, r]));
    return [
      ...staff.map((s) => ({ kind: 'operator' as const, id: s.nodeId, name: String(byId.get(s.nodeId)?.['name'] ?? s.nodeId), roles: s.roles, status: String(byId.get(s.nodeId)?.['status'] ?? 'active') })),
      ...active.map((m) => ({ kind: 'enterprise' as const, id: m.enterpriseId, name: String(byId.get(m.enterpriseId)?.['name'] ?? m.enterpriseId), roles: m.roles, status: String(byId.get(m.enterpriseId)?.['status'] ?? '') })),
    ];
  }
}
