import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { EMPTY, type Observable, switchMap } from 'rxjs';
import { describeRequestError } from '../core/api/api-error';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { SettlementsApi } from './settlements.api';
import { type Settlement, type SettlementLine, yuan } from './settlements.model';
import { SettlementStepDialog, type StepDialogData, type StepKind } from './settlement-step-dialog';

/** The steps offered as buttons at the top, in the order a settlement goes through them. */
const HEAD_STEPS = ['confirm', 'pay', 'invoice', 'close', 'cancel'] as const;

/** One settlement: lines with payer and payee (the warranty split), disputes, and my steps only. */
@Component({
  selector: 'kg-settlement-detail-page',
  imports: [DatePipe, MatButtonModule, MatIconModule, MatTableModule, RouterLink, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p><a mat-button routerLink=".."><mat-icon>arrow_back</mat-icon>{{ 'settlements.detail.back' | transloco }}</a></p>
    @if (settlement.error()) {
      <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
        <button mat-flat-button (click)="settlement.reload()">{{ 'common.retry' | transloco }}</button>
      </kg-state-panel>
    } @else if (!settlement.hasValue()) {
      <kg-loading-panel [label]="'common.loading' | transloco" />
    } @else {
      @let s = settlement.value();
      <section class="kg-card head">
        <div>
          <h2 class="kg-mono" data-testid="settlement-number">{{ s.workOrderNumber }}</h2>
          <span class="kg-chip" data-testid="settlement-status">{{ 'settlements.statuses.' + s.status | transloco }}</span>
          <span class="kg-lead">{{ 'settlements.fields.total' | transloco }} {{ yuan(s.totals.totalFen) }}</span>
        </div>
        <div class="actions">
          @for (step of headSteps(); track step) {
            <button mat-flat-button [disabled]="busy()" (click)="act(step)" [attr.data-testid]="'step-' + step">{{ 'settlements.steps.' + step | transloco }}</button>
          }
        </div>
        @if (failure()) {
          <p class="kg-error" role="alert" data-testid="step-error">{{ failure() }}</p>
        }
      </section>

      <section class="kg-card">
        <h3>{{ 'settlements.detail.split' | transloco }}</h3>
        <dl class="split" data-testid="split">
          @for (p of payers(); track p.payer) {
            <div>
              <dt>{{ 'settlements.payers.' + p.payer | transloco }}</dt>
              <dd>{{ yuan(p.amountFen) }}</dd>
            </div>
          }
        </dl>
      </section>

      <section class="kg-card">
        <h3>{{ 'settlements.detail.lines' | transloco }}</h3>
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="s.lines" class="kg-stack-table" data-testid="lines">
            <ng-container matColumnDef="kind">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.kind' | transloco }}</th>
              <td mat-cell *matCellDef="let l" [attr.data-label]="'settlements.fields.kind' | transloco">{{ 'settlements.kinds.' + l.kind | transloco }}</td>
            </ng-container>
            <ng-container matColumnDef="description">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.description' | transloco }}</th>
              <td mat-cell *matCellDef="let l" [attr.data-label]="'settlements.fields.description' | transloco">{{ l.description }}</td>
            </ng-container>
            <ng-container matColumnDef="amount">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.amount' | transloco }}</th>
              <td mat-cell *matCellDef="let l" [attr.data-label]="'settlements.fields.amount' | transloco">{{ l.quantity }} × {{ yuan(l.unitFen) }} = {{ yuan(l.amountFen) }}</td>
            </ng-container>
            <ng-container matColumnDef="payer">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.payer' | transloco }}</th>
              <td mat-cell *matCellDef="let l" [attr.data-label]="'settlements.fields.payer' | transloco">{{ 'settlements.payers.' + l.payer | transloco }}</td>
            </ng-container>
            <ng-container matColumnDef="payee">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.payee' | transloco }}</th>
              <td mat-cell *matCellDef="let l" [attr.data-label]="'settlements.fields.payee' | transloco">{{ 'settlements.payees.' + l.payee | transloco }}</td>
            </ng-container>
            <ng-container matColumnDef="dispute">
              <th mat-header-cell *matHeaderCellDef></th>
              <td mat-cell *matCellDef="let l">
                @if (canDispute(l)) {
                  <button mat-stroked-button (click)="dispute(l)" [attr.data-testid]="'dispute-' + l.lineId">{{ 'settlements.steps.dispute' | transloco }}</button>
                }
              </td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        </div>
      </section>

      @if (s.disputes.length > 0) {
        <section class="kg-card">
          <h3>{{ 'settlements.detail.disputes' | transloco }}</h3>
          <ul class="disputes" data-testid="disputes">
            @for (d of s.disputes; track d.disputeId) {
              <li>
                <strong>{{ lineOf(d.lineId)?.description ?? d.lineId }}</strong>
                <span class="kg-chip">{{ 'settlements.disputeStatuses.' + d.status | transloco }}</span>
                <p>{{ 'settlements.detail.reason' | transloco }}：{{ d.reason }}</p>
                @if (d.answer) {
                  <p>{{ 'settlements.detail.answer' | transloco }}：{{ d.answer }}</p>
                }
                @if (d.decision) {
                  <p>
                    {{ 'settlements.detail.decision' | transloco }}：{{ d.decision.note }}
                    @if (d.decision.adjustedAmountFen !== null) {
                      （{{ 'settlements.dialog.adjustedAmount' | transloco }} {{ yuan(d.decision.adjustedAmountFen) }}）
                    }
                  </p>
                }
                @if (d.status === 'raised' && s.yourSteps.includes('answer')) {
                  <button mat-stroked-button (click)="onDispute(d.disputeId, 'answer')" data-testid="answer">{{ 'settlements.steps.answer' | transloco }}</button>
                }
                @if ((d.status === 'raised' || d.status === 'answered') && s.yourSteps.includes('arbitrate')) {
                  <button mat-stroked-button (click)="onDispute(d.disputeId, 'arbitrate')" data-testid="arbitrate">{{ 'settlements.steps.arbitrate' | transloco }}</button>
                }
              </li>
            }
          </ul>
        </section>
      }

      @if (s.payments.length > 0) {
        <section class="kg-card">
          <h3>{{ 'settlements.detail.payments' | transloco }}</h3>
          <ul data-testid="payments">
            @for (p of s.payments; track p.paymentId) {
              <li>{{ 'settlements.payers.' + p.payer | transloco }} · {{ yuan(p.amountFen) }} · {{ 'settlements.methods.' + p.method | transloco }} · <span class="kg-mono">{{ p.reference }}</span> · {{ p.at | date: 'yyyy-MM-dd HH:mm' }}</li>
            }
          </ul>
        </section>
      }
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      justify-content: space-between;
      align-items: center;
    }
    .head > div:first-child {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
    }
    .head h2 {
      margin: 0;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .split {
      display: flex;
      flex-wrap: wrap;
      gap: 24px;
      margin: 0;
    }
    .split dd {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .disputes {
      padding-left: 18px;
    }
  `,
})
export class SettlementDetailPage {
  private readonly api = inject(SettlementsApi);
  private readonly dialog = inject(MatDialog);
  readonly settlementId = input.required<string>();
  protected readonly yuan = yuan;
  protected readonly columns = ['kind', 'description', 'amount', 'payer', 'payee', 'dispute'];
  protected readonly busy = signal(false);
  protected readonly failure = signal<string | null>(null);
  protected readonly settlement = rxResource({ params: () => this.settlementId(), stream: ({ params }) => this.api.settlement(params) });
  protected readonly headSteps = computed(() => HEAD_STEPS.filter((s) => this.settlement.value()?.yourSteps.includes(s)));
  protected readonly payers = computed(() => Object.entries(this.settlement.value()?.totals.byPayer ?? {}).map(([payer, amountFen]) => ({ payer, amountFen })));

  protected lineOf(lineId: string): SettlementLine | undefined {
    return this.settlement.value()?.lines.find((l) => l.lineId === lineId);
  }

  protected canDispute(line: SettlementLine): boolean {
    const s = this.settlement.value();
    return !!s && s.yourSteps.includes('dispute') && line.payee !== 'platform' && !s.disputes.some((d) => d.lineId === line.lineId && (d.status === 'raised' || d.status === 'answered'));
  }

  protected act(step: (typeof HEAD_STEPS)[number]): void {
    if (step === 'confirm' || step === 'close') return this.run(this.api.step(this.settlementId(), step));
    this.ask({ kind: step as StepKind }, (body) => this.api.step(this.settlementId(), step, body));
  }

  protected dispute(line: SettlementLine): void {
    this.ask({ kind: 'dispute', subject: line.description }, (body) => this.api.step(this.settlementId(), 'disputes', { lineId: line.lineId, ...body }));
  }

  protected onDispute(disputeId: string, kind: 'answer' | 'arbitrate'): void {
    this.ask({ kind }, (body) => this.api.step(this.settlementId(), `disputes/${encodeURIComponent(disputeId)}/${kind}`, body));
  }

  private ask(data: StepDialogData, send: (body: object) => Observable<Settlement>): void {
    this.dialog
      .open<SettlementStepDialog, StepDialogData, object>(SettlementStepDialog, { data })
      .afterClosed()
      .pipe(switchMap((body) => (body ? send(body) : EMPTY)))
      .subscribe({ next: (s) => this.settled(s), error: (e: unknown) => this.refused(e) });
  }

  private run(request: Observable<Settlement>): void {
    this.busy.set(true);
    this.failure.set(null);
    request.subscribe({ next: (s) => this.settled(s), error: (e: unknown) => this.refused(e) });
  }

  private settled(s: Settlement): void {
    this.busy.set(false);
    this.failure.set(null);
    this.settlement.set(s);
  }

  private refused(error: unknown): void {
    this.busy.set(false);
    const problem = describeRequestError(error);
    this.failure.set(problem?.kind === 'rejected' ? [problem.message, ...problem.fields.map((f) => f.message)].filter(Boolean).join(' · ') : null);
    this.settlement.reload();
  }
}
