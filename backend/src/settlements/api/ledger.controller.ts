import { Controller, ForbiddenException, Get, Inject, Query, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { subject as asSubject } from '@casl/ability';
import { visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { MEDIA_TYPES } from '../../tabular';
import { CurrentActor, Permit, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { DevelopmentPaymentSink, PAYMENT_PROVIDER, type PaymentProvider } from '../application/payment-provider';
import { balanceOf, statementOf, statementPdf, statementXlsx, type AccountBalance } from '../application/statements';
import { LEDGER_LINES_COLLECTION, type LedgerLineRow } from '../read-models/settlements.projections';
import { SettlementErrorFilter } from './settlement-error.filter';
import { LedgerQueryDto, StatementQueryDto } from './settlements.dto';

const attachment = (name: string, ascii: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
/** A day in Asia/Shanghai as the UTC instant it starts at. */
const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString();

const BALANCES_VIEW =
  '{ partyIds, accounts: [{ account, kind, partyId, debitFen, creditFen, balanceFen }] } — balanceFen on the account’s normal side: payables and cash grow with debits, receivables and income with credits';

/**
 * The ledger as each party sees it: balances, journal lines and statements (JSON, XLSX, PDF). An
 * enterprise sees its own accounts and the caller its own expert account; an operator sees the
 * accounts in its jurisdiction, or one enterprise's with `?enterpriseId=`.
 */
@ApiTags('settlements')
@Controller('api/v1/ledger')
@UseFilters(SettlementErrorFilter)
export class LedgerController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    @Inject(PAYMENT_PROVIDER) private readonly payments: PaymentProvider,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  @Get('balances')
  @Permit('settlement:read')
  @ApiOperation({ summary: 'Balances of my party’s accounts (or ?enterpriseId= for operators)' })
  @ApiOkResponse({ description: BALANCES_VIEW })
  async balances(@CurrentActor() actor: Actor, @Query() query: LedgerQueryDto) {
    await this.freshness.caughtUp([LEDGER_LINES_COLLECTION]);
    const { filter, partyIds } = this.partyOf(actor, query.enterpriseId);
    return { partyIds, accounts: await this.totals(filter) };
  }

  @Get('entries')
  @Permit('settlement:read')
  @ApiOperation({
    summary: 'Journal lines of my party’s accounts, oldest first (?from&to as dates, Asia/Shanghai; ?enterpriseId= for operators)',
  })
  @ApiOkResponse({
    description: '{ items: [{ entryId, index, account, kind, partyId, debitFen, creditFen, reason, source, at }], total, page, pageSize }',
  })
  async entries(@CurrentActor() actor: Actor, @Query() query: LedgerQueryDto) {
    await this.freshness.caughtUp([LEDGER_LINES_COLLECTION]);
    const { filter } = this.partyOf(actor, query.enterpriseId);
    const scoped = { $and: [filter, ...this.period(query.from, query.to)] };
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const lines = this.store.collection<LedgerLineRow>(LEDGER_LINES_COLLECTION);
    const [rows, total] = await Promise.all([
      lines.find(scoped, { sort: { at: 1, _id: 1 }, skip: (page - 1) * pageSize, limit: pageSize }),
      lines.count(scoped),
    ]);
    return { items: rows.map(({ _id: _, scope: _scope, ...rest }) => rest), total, page, pageSize };
  }

  @Get('statements')
  @Permit('settlement:read')
  @ApiOperation({
    summary:
      'My party’s statement for a period: opening, movements and closing per account, and the lines (?format=json|xlsx|pdf; files need settlement:export)',
  })
  @ApiProduces('application/json', MEDIA_TYPES.xlsx, 'application/pdf')
  @ApiOkResponse({
    description:
      '{ partyIds, from, to, accounts: [{ account, kind, openingFen, debitFen, creditFen, closingFen }], entries: [{ entryId, at, account, debitFen, creditFen, reason, source }] }, or the file',
  })
  async statement(@CurrentActor() actor: Actor, @Query() query: StatementQueryDto) {
    const format = query.format ?? 'json';
    if (
      format !== 'json' &&
      !actor.ability.can(
        'export',
        asSubject('Settlement', {
          scope: {
            tenants: actor.enterpriseId ? [actor.enterpriseId] : [],
            regions: actor.operatorNode ? [actor.operatorNode.regionCode] : [],
          },
        }),
      )
    )
      throw new ForbiddenException({
        statusCode: 403,
        message: 'a statement file needs settlement:export',
        errors: [{ field: 'permission', rule: 'permission', message: 'this needs the permission settlement:export' }],
      });
    await this.freshness.caughtUp([LEDGER_LINES_COLLECTION]);
    const { filter, partyIds } = this.partyOf(actor, query.enterpriseId);
    const before = query.from ? await this.totals({ $and: [filter, { at: { $lt: dayStart(query.from) } }] }) : [];
    const during = await this.store
      .collection<LedgerLineRow>(LEDGER_LINES_COLLECTION)
      .find({ $and: [filter, ...this.period(query.from, query.to)] }, { sort: { at: 1, _id: 1 }, limit: 10_000 });
    const statement = statementOf(partyIds, query.from ?? null, query.to ?? null, before, during);
    if (format === 'json') return statement;
    const now = this.clock.now();
    const name = await this.partyName(partyIds[0]);
    const file = format === 'xlsx' ? statementXlsx(statement) : statementPdf(statement, name, now);
    const stem = `${query.from ?? 'all'}-${query.to ?? now.toISOString().slice(0, 10)}`;
    return new StreamableFile(file, {
      type: format === 'xlsx' ? MEDIA_TYPES.xlsx : 'application/pdf',
      disposition: attachment(`对账单-${name}-${stem}.${format}`, `statement-${stem}.${format}`.replace(/[^\x20-\x7e]|"/g, '_')),
      length: file.length,
    });
  }

  @Get('payment-sink')
  @Permit('settlement:review')
  @ApiOperation({
    summary: 'What the development payment sink would have sent (an enterprise sees its own payments); empty with a real provider',
  })
  @ApiOkResponse({
    description:
      '{ provider, items: [{ paymentId, settlementId, workOrderNumber, payerEnterpriseId, amountFen, method, memo, reference, sentAt }] }',
  })
  sink(@CurrentActor() actor: Actor) {
    const records = this.payments instanceof DevelopmentPaymentSink ? this.payments.records() : [];
    return {
      provider: this.payments.name,
      items: actor.enterpriseId ? records.filter((r) => r.payerEnterpriseId === actor.enterpriseId) : records,
    };
  }

  private partyOf(actor: Actor, enterpriseId: string | undefined): { filter: Filter; partyIds: string[] } {
    const inScope = (f: Filter) => scopedFilter(actor, 'read', 'Settlement', { $and: [f, visibleRows] });
    if (actor.enterpriseId !== null) {
      // An enterprise's own accounts; the caller's own expert earnings come along (experts are people, not tenants).
      return {
        filter: {
          $or: [inScope({ partyId: actor.enterpriseId }), { $and: [{ partyId: actor.userId, kind: 'expert-receivable' }, visibleRows] }],
        },
        partyIds: [actor.enterpriseId, actor.userId],
      };
    }
    if (enterpriseId) return { filter: inScope({ partyId: enterpriseId }), partyIds: [enterpriseId] };
    return { filter: inScope({}), partyIds: [] };
  }

  private period(from: string | undefined, to: string | undefined): Filter[] {
    return [...(from ? [{ at: { $gte: dayStart(from) } }] : []), ...(to ? [{ at: { $lt: dayAfter(to) } }] : [])];
  }

  private async totals(filter: Filter): Promise<AccountBalance[]> {
    const groups = await this.store
      .collection<LedgerLineRow>(LEDGER_LINES_COLLECTION)
      .aggregate<{ _id: string; debitFen: number; creditFen: number }>([
        { $match: filter },
        { $group: { _id: '$account', debitFen: { $sum: '$debitFen' }, creditFen: { $sum: '$creditFen' } } },
        { $sort: { _id: 1 } },
      ]);
    return groups.map((g) => balanceOf(g._id, g.debitFen, g.creditFen));
  }

  private async partyName(partyId: string | undefined): Promise<string> {
    if (!partyId) return '运营范围';
    const enterprise = await this.store
      .collection<{ _id: string; name?: string }>('enterprises')
      .findOne({ $and: [{ _id: partyId }, visibleRows] });
    return enterprise?.name ?? partyId;
  }
}
