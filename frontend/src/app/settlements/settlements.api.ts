import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import { FORM_STATUSES, idempotent } from '../core/api/idempotency';
import type { Page } from '../shared/table/page';
import type {
  EvaluationReport,
  ExpertAccount,
  ExpertEarning,
  FeeSchedule,
  FeeScheduleDraft,
  LedgerAccount,
  Settlement,
  SettlementListItem,
  Statement,
  Withdrawal,
  WithdrawalRules,
} from './settlements.model';

type Params = Record<string, string | number>;
const defined = (params: Record<string, string | number | null | undefined>): Params =>
  Object.fromEntries(Object.entries(params).filter(([, v]) => v !== '' && v !== null && v !== undefined)) as Params;
/** A state-changing request: a fresh key each time, refusals handled by the page that sent it. */
const write = () => ({ headers: idempotent(), handledErrorStatuses: [...FORM_STATUSES, 403, 404] });

/** Settlements, the ledger, fee schedules, expert payouts and evaluation reports over REST. */
@Injectable({ providedIn: 'root' })
export class SettlementsApi {
  private readonly rest = inject(RestClient);

  settlements(query: Record<string, string | number | null>): Observable<Page<SettlementListItem>> {
    return this.rest.get('/api/v1/settlements', { params: defined(query) });
  }
  settlement(id: string): Observable<Settlement> {
    return this.rest.get(`/api/v1/settlements/${encodeURIComponent(id)}`);
  }
  /** A step on a settlement: confirm, pay, invoice, close, cancel, disputes, disputes/:id/answer|arbitrate. */
  step(id: string, path: string, body: object = {}): Observable<Settlement> {
    return this.rest.post(`/api/v1/settlements/${encodeURIComponent(id)}/${path}`, body, write());
  }

  balances(): Observable<{ accounts: readonly LedgerAccount[] }> {
    return this.rest.get('/api/v1/ledger/balances');
  }
  statement(from: string, to: string): Observable<Statement> {
    return this.rest.get('/api/v1/ledger/statements', { params: defined({ from, to, format: 'json' }) });
  }
  statementFile(from: string, to: string, format: 'xlsx' | 'pdf'): Observable<Blob> {
    return this.rest.getBlob('/api/v1/ledger/statements', { params: defined({ from, to, format }) });
  }

  feeSchedules(query: Record<string, string | number | null>): Observable<Page<FeeSchedule>> {
    return this.rest.get('/api/v1/fee-schedules', { params: defined(query) });
  }
  draftFeeSchedule(body: FeeScheduleDraft): Observable<FeeSchedule> {
    return this.rest.post('/api/v1/fee-schedules', body, write());
  }
  publishFeeSchedule(id: string): Observable<FeeSchedule> {
    return this.rest.post(`/api/v1/fee-schedules/${encodeURIComponent(id)}/publish`, {}, write());
  }

  expertAccount(): Observable<ExpertAccount> {
    return this.rest.get('/api/v1/me/expert-account');
  }
  expertEarnings(query: Record<string, string | number | null>): Observable<Page<ExpertEarning>> {
    return this.rest.get('/api/v1/me/expert-account/earnings', { params: defined(query) });
  }
  myWithdrawals(query: Record<string, string | number | null>): Observable<Page<Withdrawal>> {
    return this.rest.get('/api/v1/me/expert-account/withdrawals', { params: defined(query) });
  }
  requestWithdrawal(body: { amountFen: number; payee: { method: string; accountName: string; accountNumber: string } }): Observable<Withdrawal> {
    return this.rest.post('/api/v1/me/expert-account/withdrawals', body, write());
  }
  withdrawals(query: Record<string, string | number | null>): Observable<Page<Withdrawal>> {
    return this.rest.get('/api/v1/expert-withdrawals', { params: defined(query) });
  }
  decideWithdrawal(id: string, decision: 'approve' | 'reject', body: object = {}): Observable<Withdrawal> {
    return this.rest.post(`/api/v1/expert-withdrawals/${encodeURIComponent(id)}/${decision}`, body, write());
  }
  withdrawalRules(): Observable<WithdrawalRules> {
    return this.rest.get('/api/v1/expert-withdrawal-rules');
  }
  setWithdrawalRules(body: { minimumFen: number; monthlyMaximumFen: number | null }): Observable<WithdrawalRules> {
    return this.rest.put('/api/v1/expert-withdrawal-rules', body, write());
  }

  evaluationReport(query: Record<string, string | null>): Observable<EvaluationReport> {
    return this.rest.get('/api/v1/evaluation-reports', { params: defined(query) });
  }
}
