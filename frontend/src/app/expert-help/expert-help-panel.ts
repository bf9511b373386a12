import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { AuthSession } from '../core/auth/auth-session';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import type { WorkOrderDetail } from '../work-orders/work-order.model';
import { ExpertHelpApi } from './expert-help.api';
import { yuan } from './expert-help.model';
import { AskExpertDialog } from './help-dialogs';
import { HelpStatusChip } from './help-status';

/**
 * 专家求助 on the work-order detail: what experts added to the order's record (closed helps' summaries,
 * for everyone who reads the order), the engineer's own helps with a way into their chats, and — for
 * the assigned engineer while the work is in progress — asking an expert.
 */
@Component({
  selector: 'kg-expert-help-panel',
  imports: [MatButtonModule, MatIconModule, RouterLink, TranslocoPipe, HelpStatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (canAsk() || items().length) {
      <section class="kg-card" data-testid="expert-help-panel">
        <h2><mat-icon aria-hidden="true">support_agent</mat-icon>{{ 'expertHelp.panel.title' | transloco }}</h2>
        @if (helps.error()) {
          <p class="sub">{{ 'expertHelp.panel.failed' | transloco }}</p>
        }
        <ul class="helps">
          @for (h of items(); track h.id) {
            <li data-testid="expert-help-item" [attr.data-help]="h.id">
              <div class="line">
                <strong>{{ h.expertName ?? ('expertHelp.unnamed' | transloco) }}</strong>
                <span class="sub">{{ h.fieldCode }} · {{ time(h.requestedAt) }}</span>
                <kg-help-status [status]="h.status" />
                @if (h.feeFen !== null) {
                  <span class="sub">{{ fee(h.feeFen) }}</span>
                }
              </div>
              @if (h.summary) {
                <p class="summary" data-testid="expert-help-summary">{{ h.summary }}</p>
              }
              @if (h.engineerId === me() || h.expertId === me()) {
                <a mat-button [routerLink]="['/expert-help', h.id]" data-testid="expert-help-open"><mat-icon>forum</mat-icon>{{ 'expertHelp.panel.open' | transloco }}</a>
              }
            </li>
          } @empty {
            <li class="sub">{{ 'expertHelp.panel.none' | transloco }}</li>
          }
        </ul>
        @if (canAsk()) {
          <button mat-flat-button (click)="ask()" data-testid="expert-help-ask"><mat-icon>person_search</mat-icon>{{ 'expertHelp.panel.ask' | transloco }}</button>
        }
      </section>
    }
  `,
  styles: `
    .helps { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-direction: column; gap: 8px; }
    .line { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
    .sub { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .summary { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 3px solid var(--mat-sys-primary); padding-left: 8px; margin: 4px 0; }
  `,
})
export class ExpertHelpPanel {
  private readonly api = inject(ExpertHelpApi);
  private readonly session = inject(AuthSession);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly locale = inject(LocaleService);
  readonly order = input.required<WorkOrderDetail>();
  protected readonly me = computed(() => this.session.user()?.userId ?? null);
  protected readonly helps = rxResource({ params: () => this.order()._id, stream: ({ params }) => this.api.ofWorkOrder(params) });
  protected readonly items = computed(() => (this.helps.hasValue() ? this.helps.value().items : []));
  protected readonly canAsk = computed(() => this.order().status === 'in-progress' && this.order().assigneeId !== null && this.order().assigneeId === this.me());

  protected async ask(): Promise<void> {
    const help = await firstValueFrom(this.dialog.open(AskExpertDialog, { data: { workOrderId: this.order()._id }, maxWidth: '96vw' }).afterClosed());
    if (help) await this.router.navigate(['/expert-help', help.id]);
  }

  protected fee(fen: number): string {
    return yuan(fen);
  }

  protected time(value: string): string {
    return formatDateTime(value, this.locale.language());
  }
}
