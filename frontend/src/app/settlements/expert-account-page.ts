import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { describeRequestError } from '../core/api/api-error';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { SettlementsApi } from './settlements.api';
import { fenOf, PAYOUT_METHODS, yuan } from './settlements.model';

/** 专家收益: what I earned per help, what I may withdraw, and my withdrawals. */
@Component({
  selector: 'kg-expert-account-page',
  imports: [DatePipe, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatTableModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (account.error()) {
      <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
        <button mat-flat-button (click)="account.reload()">{{ 'common.retry' | transloco }}</button>
      </kg-state-panel>
    } @else if (!account.hasValue()) {
      <kg-loading-panel [label]="'common.loading' | transloco" />
    } @else {
      @let a = account.value();
      <section class="kg-card figures" data-testid="expert-figures">
        <div><span>{{ 'settlements.expert.available' | transloco }}</span><strong data-testid="available">{{ yuan(a.availableFen) }}</strong></div>
        <div><span>{{ 'settlements.expert.earned' | transloco }}</span><strong>{{ yuan(a.earnedFen) }}</strong></div>
        <div><span>{{ 'settlements.expert.pending' | transloco }}</span><strong>{{ yuan(a.requestedFen + a.approvedFen) }}</strong></div>
        <div><span>{{ 'settlements.expert.paid' | transloco }}</span><strong>{{ yuan(a.paidFen) }}</strong></div>
      </section>
      <section class="kg-card">
        <h3>{{ 'settlements.expert.request' | transloco }}</h3>
        <p class="kg-lead">
          {{ 'settlements.expert.rules' | transloco: { minimum: yuan(a.rules.minimumFen), maximum: a.rules.monthlyMaximumFen === null ? ('settlements.expert.noLimit' | transloco) : yuan(a.rules.monthlyMaximumFen) } }}
        </p>
        <form [formGroup]="form" class="request" (ngSubmit)="request()">
          <mat-form-field>
            <mat-label>{{ 'settlements.expert.amount' | transloco }}</mat-label>
            <input matInput formControlName="amount" inputmode="decimal" data-testid="withdraw-amount" />
            <span matTextPrefix>¥&nbsp;</span>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'settlements.dialog.method' | transloco }}</mat-label>
            <mat-select formControlName="method">
              @for (m of methods; track m) {
                <mat-option [value]="m">{{ 'settlements.methods.' + m | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'settlements.expert.accountName' | transloco }}</mat-label>
            <input matInput formControlName="accountName" data-testid="account-name" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'settlements.expert.accountNumber' | transloco }}</mat-label>
            <input matInput formControlName="accountNumber" autocomplete="off" data-testid="account-number" />
          </mat-form-field>
          <button mat-flat-button type="submit" [disabled]="form.invalid || busy()" data-testid="withdraw">{{ 'settlements.expert.submit' | transloco }}</button>
        </form>
        @if (failure()) {
          <p class="kg-error" role="alert" data-testid="withdraw-error">{{ failure() }}</p>
        }
      </section>
    }
    <section class="kg-card">
      <h3>{{ 'settlements.expert.withdrawals' | transloco }}</h3>
      @if (withdrawals.hasValue() && withdrawals.value().items.length > 0) {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="withdrawals.value().items" class="kg-stack-table" data-testid="my-withdrawals">
            <ng-container matColumnDef="at">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.at' | transloco }}</th>
              <td mat-cell *matCellDef="let w" [attr.data-label]="'settlements.fields.at' | transloco">{{ w.requestedAt | date: 'yyyy-MM-dd HH:mm' }}</td>
            </ng-container>
            <ng-container matColumnDef="amount">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.amount' | transloco }}</th>
              <td mat-cell *matCellDef="let w" [attr.data-label]="'settlements.fields.amount' | transloco">{{ yuan(w.amountFen) }}</td>
            </ng-container>
            <ng-container matColumnDef="payee">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.expert.account' | transloco }}</th>
              <td mat-cell *matCellDef="let w" [attr.data-label]="'settlements.expert.account' | transloco">{{ 'settlements.methods.' + w.payee.method | transloco }} {{ w.payee.accountNumberMasked }}</td>
            </ng-container>
            <ng-container matColumnDef="status">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.status' | transloco }}</th>
              <td mat-cell *matCellDef="let w" [attr.data-label]="'settlements.fields.status' | transloco">
                <span class="kg-chip" [class.ok]="w.status === 'paid'" [class.warn]="w.status === 'requested'">{{ 'settlements.withdrawalStatuses.' + w.status | transloco }}</span>
                @if (w.reason) {
                  {{ w.reason }}
                }
              </td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="withdrawalColumns"></tr>
            <tr mat-row *matRowDef="let row; columns: withdrawalColumns"></tr>
          </table>
        </div>
      } @else if (withdrawals.hasValue()) {
        <kg-state-panel icon="savings" [title]="'settlements.expert.noWithdrawals' | transloco" />
      }
    </section>
    <section class="kg-card">
      <h3>{{ 'settlements.expert.earnings' | transloco }}</h3>
      @if (earnings.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco" />
      } @else if (!earnings.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (earnings.value().items.length === 0) {
        <kg-state-panel icon="support_agent" [title]="'settlements.expert.noEarnings' | transloco" />
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="earnings.value().items" class="kg-stack-table" data-testid="earnings">
            <ng-container matColumnDef="at">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.at' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'settlements.fields.at' | transloco">{{ e.at | date: 'yyyy-MM-dd HH:mm' }}</td>
            </ng-container>
            <ng-container matColumnDef="gross">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.expert.gross' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'settlements.expert.gross' | transloco">{{ yuan(e.grossFen) }}</td>
            </ng-container>
            <ng-container matColumnDef="fee">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.expert.fee' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'settlements.expert.fee' | transloco">{{ yuan(e.platformFeeFen) }}</td>
            </ng-container>
            <ng-container matColumnDef="net">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.expert.net' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'settlements.expert.net' | transloco">{{ yuan(e.netFen) }}</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="earningColumns"></tr>
            <tr mat-row *matRowDef="let row; columns: earningColumns"></tr>
          </table>
        </div>
      }
    </section>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .figures {
      display: flex;
      flex-wrap: wrap;
      gap: 24px;
    }
    .figures div {
      display: flex;
      flex-direction: column;
    }
    .figures strong {
      font: var(--mat-sys-headline-small);
    }
    .request {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
      align-items: baseline;
    }
  `,
})
export class ExpertAccountPage {
  private readonly api = inject(SettlementsApi);
  protected readonly yuan = yuan;
  protected readonly methods = PAYOUT_METHODS;
  protected readonly earningColumns = ['at', 'gross', 'fee', 'net'];
  protected readonly withdrawalColumns = ['at', 'amount', 'payee', 'status'];
  protected readonly account = rxResource({ stream: () => this.api.expertAccount() });
  protected readonly earnings = rxResource({ stream: () => this.api.expertEarnings({ pageSize: 50 }) });
  protected readonly withdrawals = rxResource({ stream: () => this.api.myWithdrawals({ pageSize: 50 }) });
  protected readonly busy = signal(false);
  protected readonly failure = signal<string | null>(null);
  protected readonly form = new FormGroup({
    amount: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^\d{1,9}(\.\d{1,2})?$/)] }),
    method: new FormControl<string>('bank-transfer', { nonNullable: true }),
    accountName: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(60)] }),
    accountNumber: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^[0-9A-Za-z@._-]{4,40}$/)] }),
  });

  protected request(): void {
    const v = this.form.getRawValue();
    const amountFen = fenOf(v.amount);
    if (amountFen === null || this.form.invalid) return;
    this.busy.set(true);
    this.failure.set(null);
    this.api.requestWithdrawal({ amountFen, payee: { method: v.method, accountName: v.accountName.trim(), accountNumber: v.accountNumber.trim() } }).subscribe({
      next: () => {
        this.busy.set(false);
        this.form.reset();
        this.account.reload();
        this.withdrawals.reload();
      },
      error: (e: unknown) => {
        this.busy.set(false);
        const problem = describeRequestError(e);
        this.failure.set(problem?.kind === 'rejected' ? (problem.fields[0]?.message ?? problem.message) : null);
      },
    });
  }
}
