import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import { PAGE_SIZES } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { ExpertHelpApi } from './expert-help.api';
import { type HelpStatus, yuan } from './expert-help.model';
import { ExpertTermsDialog } from './help-dialogs';
import { HelpStatusChip } from './help-status';

/**
 * 专家工作台: the expert's inbox (requests to accept or decline, chats in progress, closed helps) as a
 * server-paged table, their terms (tariff, availability), earnings per month and ratings.
 */
@Component({
  selector: 'kg-expert-workbench-page',
  imports: [MatButtonModule, MatButtonToggleModule, MatIconModule, MatPaginatorModule, MatTableModule, MatTabsModule, RouterLink, TranslocoPipe, LoadingPanel, StatePanel, HelpStatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header class="kg-page-head">
        <div>
          <h1>{{ 'expertHelp.workbench.title' | transloco }}</h1>
          <p class="kg-lead">{{ 'expertHelp.workbench.lead' | transloco }}</p>
        </div>
      </header>
      @if (profile.isLoading()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (profile.error()) {
        <kg-state-panel tone="error" icon="error" [title]="'expertHelp.workbench.failed' | transloco" />
      } @else if (profile.hasValue() && !profile.value().certified) {
        <kg-state-panel icon="workspace_premium" [title]="'expertHelp.workbench.notExpert' | transloco" [message]="'expertHelp.workbench.notExpertHint' | transloco">
          <a mat-flat-button routerLink="/account/qualifications">{{ 'expertHelp.workbench.apply' | transloco }}</a>
        </kg-state-panel>
      } @else if (profile.hasValue()) {
        @let p = profile.value();
        <section class="kg-card terms" data-testid="expert-terms">
          <div class="facts">
            <div><span class="label">{{ 'expertHelp.terms.tariff' | transloco }}</span><strong>{{ fee(p.tariffFen) }}</strong></div>
            <div>
              <span class="label">{{ 'expertHelp.terms.available' | transloco }}</span>
              <strong>{{ (p.available && p.configured ? 'expertHelp.terms.on' : 'expertHelp.terms.off') | transloco }}</strong>
            </div>
            <div><span class="label">{{ 'expertHelp.workbench.fields' | transloco }}</span><strong>{{ p.fields.join('、') }}</strong></div>
            <div><span class="label">{{ 'expertHelp.workbench.open' | transloco }}</span><strong>{{ p.openHelps }}</strong></div>
          </div>
          <button mat-stroked-button (click)="editTerms()" data-testid="edit-terms"><mat-icon>edit</mat-icon>{{ 'expertHelp.terms.edit' | transloco }}</button>
        </section>
        <mat-tab-group>
          <mat-tab [label]="'expertHelp.workbench.requests' | transloco">
            <mat-button-toggle-group class="statuses" [value]="status()" (change)="setStatus($event.value)" [attr.aria-label]="'expertHelp.workbench.status' | transloco">
              <mat-button-toggle [value]="null">{{ 'expertHelp.search.any' | transloco }}</mat-button-toggle>
              @for (s of statuses; track s) {
                <mat-button-toggle [value]="s">{{ 'expertHelp.statuses.' + s | transloco }}</mat-button-toggle>
              }
            </mat-button-toggle-group>
            @if (inbox.error()) {
              <kg-state-panel tone="error" icon="error" [title]="'expertHelp.workbench.failed' | transloco" />
            } @else if (inbox.hasValue() && inbox.value().total === 0) {
              <kg-state-panel icon="inbox" [title]="'expertHelp.workbench.empty' | transloco" />
            } @else if (inbox.hasValue()) {
              <div class="table-wrap">
                <table mat-table [dataSource]="inbox.value().items" data-testid="expert-inbox">
                  <ng-container matColumnDef="engineer">
                    <th mat-header-cell *matHeaderCellDef>{{ 'expertHelp.workbench.engineer' | transloco }}</th>
                    <td mat-cell *matCellDef="let h">{{ h.engineerName ?? ('expertHelp.unnamed' | transloco) }}</td>
                  </ng-container>
                  <ng-container matColumnDef="question">
                    <th mat-header-cell *matHeaderCellDef>{{ 'expertHelp.chat.question' | transloco }}</th>
                    <td mat-cell *matCellDef="let h" class="question">{{ h.fieldCode }} · {{ h.question }}</td>
                  </ng-container>
                  <ng-container matColumnDef="fee">
                    <th mat-header-cell *matHeaderCellDef>{{ 'expertHelp.workbench.fee' | transloco }}</th>
                    <td mat-cell *matCellDef="let h">{{ fee(h.feeFen) }}</td>
                  </ng-container>
                  <ng-container matColumnDef="status">
                    <th mat-header-cell *matHeaderCellDef>{{ 'expertHelp.workbench.status' | transloco }}</th>
                    <td mat-cell *matCellDef="let h"><kg-help-status [status]="h.status" /></td>
                  </ng-container>
                  <ng-container matColumnDef="requestedAt">
                    <th mat-header-cell *matHeaderCellDef>{{ 'expertHelp.workbench.requestedAt' | transloco }}</th>
                    <td mat-cell *matCellDef="let h">{{ time(h.requestedAt) }}</td>
                  </ng-container>
                  <ng-container matColumnDef="open">
                    <th mat-header-cell *matHeaderCellDef></th>
                    <td mat-cell *matCellDef="let h">
                      <a mat-button [routerLink]="['/expert-help', h.id]" data-testid="inbox-open">{{ 'expertHelp.panel.open' | transloco }}</a>
                    </td>
                  </ng-container>
                  <tr mat-header-row *matHeaderRowDef="columns"></tr>
                  <tr mat-row *matRowDef="let row; columns: columns"></tr>
                </table>
              </div>
              <mat-paginator [length]="inbox.value().total" [pageIndex]="page() - 1" [pageSize]="pageSize()" [pageSizeOptions]="pageSizes" (page)="paged($event)" />
            } @else {
              <kg-loading-panel [label]="'common.loading' | transloco" />
            }
          </mat-tab>
          <mat-tab [label]="'expertHelp.workbench.earnings' | transloco">
            @if (earnings.hasValue()) {
              @let e = earnings.value();
              <section class="earnings" data-testid="expert-earnings">
                <p class="total">{{ 'expertHelp.workbench.total' | transloco: { fee: fee(e.totalFen), n: e.closedHelps } }}</p>
                @if (e.months.length) {
                  <table class="months">
                    <thead><tr><th>{{ 'expertHelp.workbench.month' | transloco }}</th><th>{{ 'expertHelp.workbench.helps' | transloco }}</th><th>{{ 'expertHelp.workbench.fee' | transloco }}</th></tr></thead>
                    <tbody>
                      @for (m of e.months; track m.month) {
                        <tr><td>{{ m.month }}</td><td>{{ m.helps }}</td><td>{{ fee(m.feeFen) }}</td></tr>
                      }
                    </tbody>
                  </table>
                } @else {
                  <kg-state-panel icon="payments" [title]="'expertHelp.workbench.noEarnings' | transloco" />
                }
              </section>
            } @else if (earnings.error()) {
              <kg-state-panel tone="error" icon="error" [title]="'expertHelp.workbench.failed' | transloco" />
            } @else {
              <kg-loading-panel [label]="'common.loading' | transloco" />
            }
          </mat-tab>
          <mat-tab [label]="'expertHelp.workbench.ratings' | transloco">
            @if (earnings.hasValue()) {
              @let e = earnings.value();
              <section class="ratings" data-testid="expert-ratings">
                <p class="total">{{ e.rating === null ? ('expertHelp.noRating' | transloco) : ('expertHelp.ratingOf' | transloco: { rating: e.rating, n: e.ratingCount }) }}</p>
                <ul>
                  @for (r of e.recentRatings; track r.helpId) {
                    <li><span class="stars">{{ stars(r.score) }}</span> {{ r.comment }} <span class="label">{{ r.engineerName }} · {{ time(r.at) }}</span></li>
                  }
                </ul>
              </section>
            }
          </mat-tab>
        </mat-tab-group>
      }
    </div>
  `,
  styles: `
    .terms { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; justify-content: space-between; margin-bottom: 16px; }
    .facts { display: flex; flex-wrap: wrap; gap: 24px; }
    .facts div { display: flex; flex-direction: column; }
    .label { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .statuses { margin: 12px 0; flex-wrap: wrap; }
    .table-wrap { overflow-x: auto; }
    .question { max-width: 360px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .earnings, .ratings { padding: 12px 0; }
    .total { font: var(--mat-sys-title-medium); }
    .months { border-collapse: collapse; }
    .months th, .months td { text-align: left; padding: 6px 16px 6px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .stars { color: #b26a00; }
    .ratings ul { padding-left: 16px; }
    @media (max-width: 599.98px) { .question { max-width: 160px; } }
  `,
})
export class ExpertWorkbenchPage {
  private readonly api = inject(ExpertHelpApi);
  private readonly locale = inject(LocaleService);
  private readonly dialog = inject(MatDialog);
  protected readonly statuses: readonly HelpStatus[] = ['requested', 'accepted', 'closed', 'declined'];
  protected readonly columns = ['engineer', 'question', 'fee', 'status', 'requestedAt', 'open'];
  protected readonly pageSizes = [...PAGE_SIZES];
  protected readonly status = signal<HelpStatus | null>('requested');
  protected readonly page = signal(1);
  protected readonly pageSize = signal(20);
  protected readonly profile = rxResource({ stream: () => this.api.profile() });
  protected readonly inbox = rxResource({
    params: () => ({ status: this.status(), page: this.page(), pageSize: this.pageSize() }),
    stream: ({ params }) => this.api.mine('expert', params.status, params.page, params.pageSize),
  });
  protected readonly earnings = rxResource({ stream: () => this.api.earnings() });
  protected readonly hasInbox = computed(() => this.inbox.hasValue() && this.inbox.value().total > 0);

  protected setStatus(status: HelpStatus | null): void {
    this.status.set(status);
    this.page.set(1);
  }

  protected paged(e: PageEvent): void {
    this.page.set(e.pageIndex + 1);
    this.pageSize.set(e.pageSize);
  }

  protected async editTerms(): Promise<void> {
    if (!this.profile.hasValue()) return;
    const p = this.profile.value();
    const terms = await firstValueFrom(this.dialog.open(ExpertTermsDialog, { data: { tariffFen: p.tariffFen, available: p.available, bio: p.bio } }).afterClosed());
    if (terms) this.api.setProfile(terms).subscribe(() => this.profile.reload());
  }

  protected fee(fen: number | null): string {
    return yuan(fen);
  }

  protected time(value: string): string {
    return formatDateTime(value, this.locale.language());
  }

  protected stars(score: number): string {
    return '★'.repeat(score) + '☆'.repeat(Math.max(0, 5 - score));
  }
}
