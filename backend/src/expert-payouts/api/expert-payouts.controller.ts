import { Body, Controller, ForbiddenException, Get, HttpCode, HttpStatus, Inject, Param, Post, Put, Query, UseFilters } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { PayoutMethod } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import { jurisdictionOf } from '@kuaige/tenancy';
import { publicRow, visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { CurrentCaller } from '../../identity/api/caller';
import { Authenticated } from '../../identity/api/guards';
import type { Caller } from '../../identity/application/session-control';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, inScope, Permit, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { ApproveExpertWithdrawal, RejectExpertWithdrawal, RequestExpertWithdrawal, SetWithdrawalRules } from '../application/expert-payout.commands';
import { ExpertPayouts } from '../application/expert-payouts';
import {
  EXPERT_ACCOUNTS_COLLECTION,
  EXPERT_EARNINGS_COLLECTION,
  EXPERT_WITHDRAWALS_COLLECTION,
  WITHDRAWAL_RULES_COLLECTION,
  type ExpertAccountRow,
  type ExpertEarningRow,
  type ExpertWithdrawalRow,
} from '../read-models/expert-payouts.projections';
import { ExpertPayoutErrorFilter } from './expert-payout-error.filter';
import { PageQueryDto, RejectWithdrawalDto, RequestWithdrawalDto, WithdrawalListQueryDto, WithdrawalRulesDto } from './expert-payouts.dto';

const PAYOUT_READ_MODELS = [EXPERT_ACCOUNTS_COLLECTION, EXPERT_EARNINGS_COLLECTION, EXPERT_WITHDRAWALS_COLLECTION];
const WITHDRAWAL = '{ withdrawalId, expertId, amountFen, status (requested | approved | rejected | paid), payee: { method, accountName, accountNumberMasked }, month, requestedAt, decidedBy, decidedAt, reason, paymentReference, paidAt }';
const RULES = '{ divisionCode (null: the defaults), minimumFen, monthlyMaximumFen }';

const view = <T extends { _id: string; scope: unknown }>(row: T) => {
  const { _id: _id, scope: _scope, ...rest } = publicRow(row);
  return rest;
};

const page = (query: PageQueryDto) => ({ page: query.page ?? 1, pageSize: query.pageSize ?? 20 });

/** Expert remuneration (SET-4, EXP-3): the expert's earnings and withdrawals; operators approve and set the rules. */
@ApiTags('expert-payouts')
@Controller('api/v1')
@UseFilters(ExpertPayoutErrorFilter)
@ApiConflictResponse({ description: 'more than is available (insufficient-balance) or allowed this month (monthly-maximum); a step the status does not allow (illegal-transition)' })
export class ExpertPayoutsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly payouts: ExpertPayouts,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  @Get('me/expert-account')
  @Authenticated()
  @ApiOperation({ summary: 'My remuneration as an expert: earned, requested, approved, paid and available fen, and the withdrawal rules in force for me' })
  @ApiOkResponse({ description: `{ expertId, earnedFen, requestedFen, approvedFen, paidFen, availableFen, helps, rules: ${RULES} }` })
  async account(@CurrentCaller() caller: Caller) {
    await this.freshness.caughtUp(PAYOUT_READ_MODELS);
    const row = await this.store.collection<ExpertAccountRow>(EXPERT_ACCOUNTS_COLLECTION).findOne({ $and: [{ _id: caller.userId }, visibleRows] });
    const rules = await this.payouts.rulesFor(await this.payouts.jurisdictionOf(caller.userId));
    const figures = row ? view(row) : { expertId: caller.userId, earnedFen: 0, requestedFen: 0, approvedFen: 0, paidFen: 0, availableFen: 0, helps: 0, updatedAt: null };
    return { ...figures, rules };
  }

  @Get('me/expert-account/earnings')
  @Authenticated()
  @ApiOperation({ summary: 'My earnings per closed help, newest first (gross, platform fee and net fen)' })
  @ApiOkResponse({ description: '{ items: [{ helpId, workOrderId, grossFen, platformFeeRateBp, platformFeeFen, netFen, at }], total, page, pageSize }' })
  async earnings(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto) {
    await this.freshness.caughtUp(PAYOUT_READ_MODELS);
    return this.list<ExpertEarningRow>(EXPERT_EARNINGS_COLLECTION, { $and: [{ expertId: caller.userId }, visibleRows] }, { at: -1, _id: 1 }, query);
  }

  @Get('me/expert-account/withdrawals')
  @Authenticated()
  @ApiOperation({ summary: 'My withdrawals, newest first' })
  @ApiOkResponse({ description: `{ items: [${WITHDRAWAL}], total, page, pageSize }` })
  async myWithdrawals(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto) {
    await this.freshness.caughtUp(PAYOUT_READ_MODELS);
    return this.list<ExpertWithdrawalRow>(EXPERT_WITHDRAWALS_COLLECTION, { $and: [{ expertId: caller.userId }, visibleRows] }, { requestedAt: -1, _id: 1 }, query);
  }

  @Post('me/expert-account/withdrawals')
  @Authenticated()
  @ApiOperation({ summary: 'Ask to withdraw fen from my available balance to an account (within the minimum and the monthly maximum in force)' })
  @ApiCreatedResponse({ description: WITHDRAWAL })
  async request(@CurrentCaller() caller: Caller, @Body() dto: RequestWithdrawalDto, @Client() client: ClientCommand) {
    const context = actingContext(client, 'request-expert-withdrawal', caller, this.clock.now());
    // The id comes from the client's key: the same request again is the same withdrawal.
    const withdrawalId = context.commandId ? digestUuid(`expert-withdrawal:${context.commandId}`) : randomUUID();
    const payee = { method: dto.payee.method as PayoutMethod, accountName: dto.payee.accountName, accountNumber: dto.payee.accountNumber };
    await this.commands.execute(new RequestExpertWithdrawal(caller.userId, withdrawalId, dto.amountFen, payee, context));
    await this.freshness.caughtUp(PAYOUT_READ_MODELS);
    return this.withdrawal({ $and: [{ _id: withdrawalId }, { expertId: caller.userId }, visibleRows] });
  }

  @Get('expert-withdrawals')
  @Permit('settlement:read')
  @ApiOperation({ summary: 'Withdrawals of the experts in my jurisdiction, oldest first (?status=requested: the approval queue)' })
  @ApiOkResponse({ description: `{ items: [${WITHDRAWAL}], total, page, pageSize }` })
  async queue(@CurrentActor() actor: Actor, @Query() query: WithdrawalListQueryDto) {
    await this.freshness.caughtUp(PAYOUT_READ_MODELS);
    const parts: Filter[] = [visibleRows];
    if (query.status) parts.push({ status: query.status });
    return this.list<ExpertWithdrawalRow>(EXPERT_WITHDRAWALS_COLLECTION, scopedFilter(actor, 'read', 'Settlement', { $and: parts }), { requestedAt: 1, _id: 1 }, query);
  }

  @Post('expert-withdrawals/:withdrawalId/approve')
  @HttpCode(HttpStatus.OK)
  @Permit('settlement:approve')
  @ApiOperation({ summary: 'Approve a withdrawal and pay it out through the payment provider (an operator of the expert’s jurisdiction)' })
  @ApiOkResponse({ description: WITHDRAWAL })
  async approve(@CurrentActor() actor: Actor, @Param('withdrawalId') withdrawalId: string, @Client() client: ClientCommand) {
    const row = await this.operated(actor, withdrawalId);
    const now = this.clock.now();
    await this.commands.execute(
      new ApproveExpertWithdrawal(row.expertId, withdrawalId, this.nodeOf(actor), actingContext(client, 'approve-expert-withdrawal', actor, now), actingContext(client, 'pay-expert-withdrawal', actor, now)),
    );
    await this.freshness.caughtUp(PAYOUT_READ_MODELS);
    return this.withdrawal({ $and: [{ _id: withdrawalId }, visibleRows] });
  }

  @Post('expert-withdrawals/:withdrawalId/reject')
  @HttpCode(HttpStatus.OK)
  @Permit('settlement:approve')
  @ApiOperation({ summary: 'Reject a requested withdrawal with a reason; its amount is available again' })
  @ApiOkResponse({ description: WITHDRAWAL })
  async reject(@CurrentActor() actor: Actor, @Param('withdrawalId') withdrawalId: string, @Body() dto: RejectWithdrawalDto, @Client() client: ClientCommand) {
    const row = await this.operated(actor, withdrawalId);
    await this.commands.execute(new RejectExpertWithdrawal(row.expertId, withdrawalId, this.nodeOf(actor), dto.reason, actingContext(client, 'reject-expert-withdrawal', actor, this.clock.now())));
    await this.freshness.caughtUp(PAYOUT_READ_MODELS);
    return this.withdrawal({ $and: [{ _id: withdrawalId }, visibleRows] });
  }

  @Get('expert-withdrawal-rules')
  @Permit('settlement:read')
  @ApiOperation({ summary: 'The withdrawal rules in force at my operator node (its own, inherited from above, or the defaults)' })
  @ApiOkResponse({ description: RULES })
  async rules(@CurrentActor() actor: Actor) {
    const node = actor.operatorNode;
    if (!node) throw this.operatorsOnly();
    await this.freshness.caughtUp([WITHDRAWAL_RULES_COLLECTION]);
    return this.payouts.rulesFor(jurisdictionOf(node.regionCode));
  }

  @Put('expert-withdrawal-rules')
  @Permit('settlement:approve')
  @ApiOperation({ summary: 'Set the withdrawal rules for experts in my operator node’s jurisdiction: minimum per withdrawal and maximum per month, in fen' })
  @ApiOkResponse({ description: RULES })
  async setRules(@CurrentActor() actor: Actor, @Body() dto: WithdrawalRulesDto, @Client() client: ClientCommand) {
    const node = actor.operatorNode;
    if (!node) throw this.operatorsOnly();
    const jurisdiction = jurisdictionOf(node.regionCode);
    const context = { ...actingContext(client, 'set-expert-withdrawal-rules', actor, this.clock.now()), jurisdiction: [...jurisdiction] };
    await this.commands.execute(new SetWithdrawalRules(node.regionCode, node.id, { minimumFen: dto.minimumFen, monthlyMaximumFen: dto.monthlyMaximumFen }, context));
    await this.freshness.caughtUp([WITHDRAWAL_RULES_COLLECTION]);
    return this.payouts.rulesFor(jurisdiction);
  }

  private async list<T extends { _id: string; scope: unknown }>(collection: string, filter: Filter, sort: Record<string, 1 | -1>, query: PageQueryDto) {
    const { page: p, pageSize } = page(query);
    const rows = this.store.collection<T & Record<string, unknown>>(collection);
    const [items, total] = await Promise.all([rows.find(filter, { sort, skip: (p - 1) * pageSize, limit: pageSize }), rows.count(filter)]);
    return { items: items.map((r) => view(r)), total, page: p, pageSize };
  }

  private async withdrawal(filter: Filter) {
    const row = await this.store.collection<ExpertWithdrawalRow>(EXPERT_WITHDRAWALS_COLLECTION).findOne(filter);
    if (!row) throw new Error('a withdrawal just decided is missing from its read model');
    return view(row);
  }

  /** A withdrawal an operator of the expert's jurisdiction may decide; anyone else's reads as absent. */
  private async operated(actor: Actor, withdrawalId: string): Promise<ExpertWithdrawalRow> {
    await this.freshness.caughtUp(PAYOUT_READ_MODELS);
    const row = await this.store.collection<ExpertWithdrawalRow>(EXPERT_WITHDRAWALS_COLLECTION).findOne({ $and: [{ _id: withdrawalId }, visibleRows] });
    return inScope(actor, 'approve', 'Settlement', row && actor.operatorNode ? row : null, 'withdrawalId');
  }

  private nodeOf(actor: Actor): string {
    if (!actor.operatorNode) throw this.operatorsOnly();
    return actor.operatorNode.id;
  }

  private operatorsOnly() {
    const message = 'act for an operator node to do this';
    return new ForbiddenException({ message, errors: [{ field: 'actor', rule: 'operator-context', message }] });
  }
}
