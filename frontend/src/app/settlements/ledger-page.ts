import { DatePipe, DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { saveFile } from '../organization/members/member-files';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { SettlementsApi } from './settlements.api';
import { yuan } from './settlements.model';

/** The first and last day of the current month in China time, as YYYY-MM-DD. */
export const currentMonth = (now: Date): { from: string; to: string } => {
  const china = new Date(now.getTime() + 8 * 3_600_000);
  const y = china.getUTCFullYear();
  const m = china.getUTCMonth();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const mm = String(m + 1).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
};

/** 对账: my party's balances, and the statement of a period with its XLSX and PDF. */
@Component({
  selector: 'kg-ledger-page',
  imports: [DatePipe, FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatTableModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kg-card">
      <h3>{{ 'settlements.ledger.balances' | transloco }}</h3>
      @if (balances.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="balances.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!balances.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (balances.value().accounts.length === 0) {
        <kg-state-panel icon="account_balance" [title]="'settlements.ledger.noAccounts' | transloco" />
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="balances.value().accounts" class="kg-stack-table" data-testid="balances">
            <ng-container matColumnDef="account">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.account' | transloco }}</th>
              <td mat-cell *matCellDef="let a" [attr.data-label]="'settlements.fields.account' | transloco">{{ 'settlements.accounts.' + a.kind | transloco }}</td>
            </ng-container>
            <ng-container matColumnDef="debit">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.debit' | transloco }}</th>
              <td mat-cell *matCellDef="let a" [attr.data-label]="'settlements.fields.debit' | transloco">{{ yuan(a.debitFen) }}</td>
            </ng-container>
            <ng-container matColumnDef="credit">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.credit' | transloco }}</th>
              <td mat-cell *matCellDef="let a" [attr.data-label]="'settlements.fields.credit' | transloco">{{ yuan(a.creditFen) }}</td>
            </ng-container>
            <ng-container matColumnDef="balance">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.balance' | transloco }}</th>
              <td mat-cell *matCellDef="let a" [attr.data-label]="'settlements.fields.balance' | transloco" [attr.data-testid]="'balance-' + a.kind">{{ yuan(a.balanceFen) }}</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="balanceColumns"></tr>
            <tr mat-row *matRowDef="let row; columns: balanceColumns"></tr>
          </table>
        </div>
      }
    </section>

    <section class="kg-card">
      <h3>{{ 'settlements.ledger.statement' | transloco }}</h3>
      <div class="kg-filters">
        <mat-form-field>
          <mat-label>{{ 'settlements.fields.from' | transloco }}</mat-label>
          <input matInput type="date" [ngModel]="from()" (ngModelChange)="from.set($event)" data-testid="statement-from" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'settlements.fields.to' | transloco }}</mat-label>
          <input matInput type="date" [ngModel]="to()" (ngModelChange)="to.set($event)" data-testid="statement-to" />
        </mat-form-field>
        <button mat-stroked-button (click)="download('xlsx')" data-testid="download-xlsx"><mat-icon>table_view</mat-icon>XLSX</button>
        <button mat-stroked-button (click)="download('pdf')" data-testid="download-pdf"><mat-icon>picture_as_pdf</mat-icon>PDF</button>
      </div>
      @if (downloadFailed()) {
        <p class="kg-error" role="alert">{{ 'settlements.ledger.downloadFailed' | transloco }}</p>
      }
      @if (statement.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="statement.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!statement.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (statement.value().entries.length === 0) {
        <kg-state-panel icon="receipt_long" [title]="'settlements.ledger.noEntries' | transloco" />
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="statement.value().entries" class="kg-stack-table" data-testid="statement">
            <ng-container matColumnDef="at">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.at' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'settlements.fields.at' | transloco">{{ e.at | date: 'yyyy-MM-dd HH:mm' }}</td>
            </ng-container>
            <ng-container matColumnDef="reason">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.reason' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'settlements.fields.reason' | transloco">{{ e.reason }}</td>
            </ng-container>
            <ng-container matColumnDef="debit">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.debit' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'settlements.fields.debit' | transloco">{{ e.debitFen ? yuan(e.debitFen) : '—' }}</td>
            </ng-container>
            <ng-container matColumnDef="credit">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.credit' | transloco }}</th>
              <td mat-cell *matCellDef="let e" [attr.data-label]="'settlements.fields.credit' | transloco">{{ e.creditFen ? yuan(e.creditFen) : '—' }}</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="entryColumns"></tr>
            <tr mat-row *matRowDef="let row; columns: entryColumns"></tr>
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
  `,
})
export class LedgerPage {
  private readonly api = inject(SettlementsApi);
  private readonly document = inject(DOCUMENT);
  protected readonly yuan = yuan;
  protected readonly balanceColumns = ['account', 'debit', 'credit', 'balance'];
  protected readonly entryColumns = ['at', 'reason', 'debit', 'credit'];
  protected readonly from = signal(currentMonth(new Date()).from);
  protected readonly to = signal(currentMonth(new Date()).to);
  protected readonly downloadFailed = signal(false);
  protected readonly balances = rxResource({ stream: () => this.api.balances() });
  protected readonly statement = rxResource({ params: () => ({ from: this.from(), to: this.to() }), stream: ({ params }) => this.api.statement(params.from, params.to) });

  protected download(format: 'xlsx' | 'pdf'): void {
    this.downloadFailed.set(false);
    this.api.statementFile(this.from(), this.to(), format).subscribe({
      next: (blob) => saveFile(blob, `statement-${this.from()}-${this.to()}.${format}`, this.document),
      error: () => this.downloadFailed.set(true),
    });
  }
}
