import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { EMPTY, switchMap } from 'rxjs';
import { describeRequestError } from '../core/api/api-error';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { SettlementsApi } from './settlements.api';
import { fenOf, yuan } from './settlements.model';
import { SettlementStepDialog, type StepDialogData } from './settlement-step-dialog';

const STATUSES = ['requested', 'approved', 'paid', 'rejected'] as const;

/** 提现审批: the withdrawals of experts in my jurisdiction, approve (and pay) or reject; the rules I set. */
@Component({
  selector: 'kg-withdrawals-page',
  imports: [DatePipe, ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatPaginatorModule, MatSelectModule, MatTableModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kg-card">
      <h3>{{ 'settlements.withdrawals.rules' | transloco }}</h3>
      <form [formGroup]="rulesForm" class="rules" (ngSubmit)="saveRules()">
        <mat-form-field>
          <mat-label>{{ 'settlements.withdrawals.minimum' | transloco }}</mat-label>
          <input matInput formControlName="minimum" inputmode="decimal" data-testid="rules-minimum" />
          <span matTextPrefix>¥&nbsp;</span>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'settlements.withdrawals.monthlyMaximum' | transloco }}</mat-label>
          <input matInput formControlName="maximum" inputmode="decimal" data-testid="rules-maximum" />
          <span matTextPrefix>¥&nbsp;</span>
          <mat-hint>{{ 'settlements.withdrawals.emptyNoLimit' | transloco }}</mat-hint>
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="rulesForm.invalid || busy()" data-testid="save-rules">{{ 'settlements.withdrawals.saveRules' | transloco }}</button>
        @if (rulesSaved()) {
          <span class="kg-lead" role="status">{{ 'settlements.withdrawals.rulesSaved' | transloco }}</span>
        }
      </form>
    </section>
    <section class="kg-card">
      <div class="kg-filters">
        <mat-form-field>
          <mat-label>{{ 'settlements.fields.status' | transloco }}</mat-label>
          <mat-select [value]="query().status" (valueChange)="to.filter({ status: $event })">
            <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
            @for (s of statuses; track s) {
              <mat-option [value]="s">{{ 'settlements.withdrawalStatuses.' + s | transloco }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      @if (failure()) {
        <p class="kg-error" role="alert">{{ failure() }}</p>
      }
      @if (list.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="list.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!list.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (list.value().items.length === 0) {
        <kg-state-panel icon="savings" [title]="'settlements.withdrawals.none' | transloco" />
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="list.value().items" class="kg-stack-table" data-testid="withdrawals">
            <ng-container matColumnDef="at">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.at' | transloco }}</th>
              <td mat-cell *matCellDef="let w" [attr.data-label]="'settlements.fields.at' | transloco">{{ w.requestedAt | date: 'yyyy-MM-dd HH:mm' }}</td>
            </ng-container>
            <ng-container matColumnDef="payee">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.expert.account' | transloco }}</th>
              <td mat-cell *matCellDef="let w" [attr.data-label]="'settlements.expert.account' | transloco">{{ w.payee.accountName }} · {{ 'settlements.methods.' + w.payee.method | transloco }} {{ w.payee.accountNumberMasked }}</td>
            </ng-container>
            <ng-container matColumnDef="amount">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.amount' | transloco }}</th>
              <td mat-cell *matCellDef="let w" [attr.data-label]="'settlements.fields.amount' | transloco">{{ yuan(w.amountFen) }}</td>
            </ng-container>
            <ng-container matColumnDef="status">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.status' | transloco }}</th>
              <td mat-cell *matCellDef="let w" [attr.data-label]="'settlements.fields.status' | transloco">
                <span class="kg-chip" [class.ok]="w.status === 'paid'" [class.warn]="w.status === 'requested'">{{ 'settlements.withdrawalStatuses.' + w.status | transloco }}</span>
              </td>
            </ng-container>
            <ng-container matColumnDef="actions">
              <th mat-header-cell *matHeaderCellDef></th>
              <td mat-cell *matCellDef="let w">
                @if (w.status === 'requested' || w.status === 'approved') {
                  <button mat-flat-button [disabled]="busy()" (click)="approve(w.withdrawalId)" data-testid="approve-withdrawal">{{ 'settlements.withdrawals.approve' | transloco }}</button>
                }
                @if (w.status === 'requested') {
                  <button mat-button [disabled]="busy()" (click)="reject(w.withdrawalId)" data-testid="reject-withdrawal">{{ 'settlements.withdrawals.reject' | transloco }}</button>
                }
              </td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        </div>
      }
      <mat-paginator [length]="list.value()?.total ?? 0" [pageIndex]="query().page - 1" [pageSize]="query().pageSize" [pageSizeOptions]="pageSizes" (page)="to.page($event)" />
    </section>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .rules {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
      align-items: baseline;
    }
  `,
})
export class WithdrawalsPage {
  private readonly api = inject(SettlementsApi);
  private readonly dialog = inject(MatDialog);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly statuses = STATUSES;
  protected readonly yuan = yuan;
  protected readonly columns = ['at', 'payee', 'amount', 'status', 'actions'];
  readonly status = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();
  protected readonly query = computed(() => ({ status: this.status() ?? 'requested', page: pageNumber(this.page()), pageSize: pageSizeOf(this.pageSize()) }));
  protected readonly list = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.withdrawals(params) });
  protected readonly busy = signal(false);
  protected readonly failure = signal<string | null>(null);
  protected readonly rulesSaved = signal(false);
  protected readonly rulesForm = new FormGroup({
    minimum: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^\d{1,9}(\.\d{1,2})?$/)] }),
    maximum: new FormControl('', { nonNullable: true, validators: [Validators.pattern(/^\d{1,9}(\.\d{1,2})?$/)] }),
  });

  constructor() {
    this.api.withdrawalRules().subscribe((r) => this.rulesForm.setValue({ minimum: String(r.minimumFen / 100), maximum: r.monthlyMaximumFen === null ? '' : String(r.monthlyMaximumFen / 100) }));
  }

  protected saveRules(): void {
    const v = this.rulesForm.getRawValue();
    const minimumFen = fenOf(v.minimum);
    const monthlyMaximumFen = v.maximum.trim() === '' ? null : fenOf(v.maximum);
    if (minimumFen === null || (v.maximum.trim() !== '' && monthlyMaximumFen === null)) return;
    this.busy.set(true);
    this.rulesSaved.set(false);
    this.api.setWithdrawalRules({ minimumFen, monthlyMaximumFen }).subscribe({
      next: () => {
        this.busy.set(false);
        this.rulesSaved.set(true);
      },
      error: (e: unknown) => this.refused(e),
    });
  }

  protected approve(id: string): void {
    this.busy.set(true);
    this.failure.set(null);
    this.api.decideWithdrawal(id, 'approve').subscribe({ next: () => this.done(), error: (e: unknown) => this.refused(e) });
  }

  protected reject(id: string): void {
    this.dialog
      .open<SettlementStepDialog, StepDialogData, { reason: string }>(SettlementStepDialog, { data: { kind: 'cancel' } })
      .afterClosed()
      .pipe(switchMap((body) => (body ? this.api.decideWithdrawal(id, 'reject', { reason: body.reason }) : EMPTY)))
      .subscribe({ next: () => this.done(), error: (e: unknown) => this.refused(e) });
  }

  private done(): void {
    this.busy.set(false);
    this.list.reload();
  }

  private refused(error: unknown): void {
    this.busy.set(false);
    const problem = describeRequestError(error);
    this.failure.set(problem?.kind === 'rejected' ? (problem.fields[0]?.message ?? problem.message) : null);
  }
}
