import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { ActiveContext } from '../../core/context/active-context';
import { LocaleService } from '../../core/i18n/locale.service';
import { FieldErrorText } from '../../shared/forms/field-error';
import { PAGE_SIZES, queryParamWriter } from '../../shared/table/paging';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { KNOWN_CODES, catalogueLabels } from '../catalogue';
import { reasonControl } from '../forms/step-forms';
import { dispatchBody } from '../dispatch-choice';
import { queryFromParams } from '../work-order-filters';
import type { Suggestion, WorkOrderRow } from '../work-order.model';
import { WorkOrderSteps } from '../work-order-steps';
import { WorkOrdersApi } from '../work-orders.api';
import { SlaBadge } from '../ui/sla-badge';
import { SuggestionCard } from '../ui/suggestion-card';
import { PriorityChip } from '../ui/work-order-status';

/**
 * 派单台: the orders of the operator's region awaiting dispatch; for the one chosen, the ranked
 * providers with the reason of every factor. The top one is confirmed in one click; another one
 * needs the reason of the override, which the order keeps.
 */
@Component({
  selector: 'kg-dispatch-board-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    RouterLink,
    TranslocoPipe,
    FieldErrorText,
    LoadingPanel,
    StatePanel,
    SlaBadge,
    SuggestionCard,
    PriorityChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page wide">
      <header class="kg-page-head">
        <div>
          <h1>{{ 'workOrders.dispatch.title' | transloco }}</h1>
          <p class="kg-lead">{{ 'workOrders.dispatch.lead' | transloco }}</p>
        </div>
      </header>
      @if (!operator()) {
        <!-- Dispatching is the operator's: an enterprise admin holds the permission but not the role. -->
        <kg-state-panel icon="alt_route" [title]="'workOrders.dispatch.operatorsOnly' | transloco" />
      } @else {
        <div class="board">
          <section class="kg-card queue" [attr.aria-label]="'workOrders.dispatch.queue' | transloco">
            <h2><mat-icon aria-hidden="true">inbox</mat-icon>{{ 'workOrders.dispatch.queue' | transloco }} ({{ total() }})</h2>
            @if (list.error()) {
              <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
                <button mat-flat-button (click)="list.reload()">{{ 'common.retry' | transloco }}</button>
              </kg-state-panel>
            } @else if (!list.hasValue()) {
              <kg-loading-panel [label]="'workOrders.list.loading' | transloco" />
            } @else if (rows().length === 0) {
              <kg-state-panel
                icon="task_alt"
                [title]="'workOrders.dispatch.empty' | transloco"
                [message]="'workOrders.dispatch.emptyHint' | transloco"
              />
            } @else {
              <ul class="orders" data-testid="dispatch-queue">
                @for (o of rows(); track o._id) {
                  <li>
                    <a
                      [routerLink]="[]"
                      [queryParams]="{ order: o._id }"
                      queryParamsHandling="merge"
                      [class.active]="o._id === selectedId()"
                      [attr.aria-current]="o._id === selectedId() ? 'true' : null"
                    >
                      <span class="line">
                        <span class="kg-mono">{{ o.number }}</span>
                        <span class="chips">
                          @if (o.status === 'submitted') {
                            <span class="kg-chip warn">{{ 'workOrders.statuses.submitted' | transloco }}</span>
                          }
                          <kg-wo-priority [priority]="o.priority" [label]="o.priorityText" />
                        </span>
                      </span>
                      <span class="device">{{ o.deviceName }} · {{ o.deviceTypeText }}</span>
                      <span class="sub">{{ o.faultTypeText }} — {{ o.faultSummary }}</span>
                      <kg-sla-badge [workOrderId]="o._id" [status]="o.status" />
                    </a>
                  </li>
                }
              </ul>
              <mat-paginator
                [length]="total()"
                [pageIndex]="query().page - 1"
                [pageSize]="query().pageSize"
                [pageSizeOptions]="pageSizes"
                (page)="to.page($event)"
              />
            }
          </section>
          <section class="kg-card suggestions" [attr.aria-label]="'workOrders.dispatch.suggestions' | transloco">
            @if (!selected()) {
              <kg-state-panel icon="touch_app" [title]="'workOrders.dispatch.pick' | transloco" />
            } @else {
              @let o = selected()!;
              <h2>
                <mat-icon aria-hidden="true">recommend</mat-icon
                >{{ 'workOrders.dispatch.suggestionsFor' | transloco: { number: o.number } }}
              </h2>
              <p class="fault">{{ o.faultSummary }}</p>
              <a mat-button [routerLink]="['/work-orders', o._id]"
                ><mat-icon>open_in_new</mat-icon>{{ 'workOrders.dispatch.openOrder' | transloco }}</a
              >
              @if (o.status === 'submitted') {
                <div class="review" data-testid="manual-review">
                  <p>{{ 'workOrders.dispatch.needsReview' | transloco }}</p>
                  <div class="kg-actions">
                    <button mat-flat-button (click)="review(o, 'review-approve')" data-action="review-approve">
                      <mat-icon>check</mat-icon>{{ 'workOrders.actions.review-approve' | transloco }}
                    </button>
                    <button mat-stroked-button (click)="review(o, 'review-reject')" data-action="review-reject">
                      <mat-icon>block</mat-icon>{{ 'workOrders.actions.review-reject' | transloco }}
                    </button>
                  </div>
                </div>
              } @else if (suggestions.error()) {
                <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
                  <button mat-flat-button (click)="suggestions.reload()">{{ 'common.retry' | transloco }}</button>
                </kg-state-panel>
              } @else if (!suggestions.hasValue()) {
                <kg-loading-panel [label]="'workOrders.suggestions.loading' | transloco" />
              } @else if (suggestions.value().length === 0) {
                <kg-state-panel
                  icon="domain_disabled"
                  [title]="'workOrders.suggestions.noProvider' | transloco"
                  [message]="'workOrders.suggestions.noProviderHint' | transloco"
                />
              } @else {
                <ol class="ranked" data-testid="dispatch-suggestions">
                  @for (s of suggestions.value(); track s.id) {
                    <li [class.chosen]="s.id === choice()?.id">
                      <kg-suggestion [suggestion]="s" />
                      <div class="kg-actions">
                        @if (s.rank === 1) {
                          <button mat-flat-button (click)="dispatch(o, s)" [disabled]="sending()" data-testid="confirm-top">
                            <mat-icon>send</mat-icon>{{ 'workOrders.dispatch.confirmTop' | transloco }}
                          </button>
                        } @else if (s.id !== choice()?.id) {
                          <button mat-stroked-button (click)="choice.set(s)" [attr.data-testid]="'override-' + s.rank">
                            <mat-icon>swap_horiz</mat-icon>{{ 'workOrders.dispatch.override' | transloco }}
                          </button>
                        }
                      </div>
                      @if (s.id === choice()?.id) {
                        <div class="override">
                          <mat-form-field class="wide">
                            <mat-label>{{ 'workOrders.dispatch.overrideReason' | transloco }}</mat-label>
                            <textarea matInput [formControl]="reason" rows="2" data-testid="override-reason"></textarea>
                            <mat-error
                              ><kg-field-error
                                [control]="reason"
                                [messages]="{
                                  required: 'workOrders.dispatch.reasonRequired',
                                  pattern: 'workOrders.dispatch.reasonRequired',
                                  maxlength: 'workOrders.form.tooLong',
                                }"
                            /></mat-error>
                          </mat-form-field>
                          <div class="kg-actions">
                            <button mat-button (click)="choice.set(null)">{{ 'common.cancel' | transloco }}</button>
                            <button mat-flat-button (click)="dispatch(o, s)" [disabled]="sending()" data-testid="confirm-override">
                              <mat-icon>send</mat-icon>{{ 'workOrders.dispatch.confirmOverride' | transloco: { name: s.name } }}
                            </button>
                          </div>
                        </div>
                      }
                    </li>
                  }
                </ol>
              }
            }
          </section>
        </div>
      }
    </div>
  `,
  styles: `
    .kg-page.wide {
      max-width: 1400px;
    }
    .board {
      display: grid;
      grid-template-columns: minmax(280px, 2fr) minmax(0, 3fr);
      gap: 16px;
      align-items: start;
    }
    @media (max-width: 900px) {
      .board {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    .orders,
    .ranked {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .orders a {
      display: flex;
      flex-direction: column;
      gap: 4px;
      padding: 12px;
      border-radius: var(--mat-sys-corner-medium);
      border: 1px solid var(--mat-sys-outline-variant);
      color: inherit;
      text-decoration: none;
    }
    .orders a:hover,
    .orders a.active {
      border-color: var(--mat-sys-primary);
      background: var(--mat-sys-secondary-container);
    }
    .line {
      display: flex;
      gap: 8px;
      align-items: center;
      justify-content: space-between;
    }
    .device {
      font: var(--mat-sys-title-small);
    }
    .sub,
    .fault {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    .ranked li {
      display: flex;
      flex-direction: column;
      gap: 8px;
      padding: 12px;
      border-radius: var(--mat-sys-corner-medium);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .chips {
      display: inline-flex;
      gap: 4px;
    }
    .review {
      padding: 12px;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--kg-warn-container);
      color: var(--kg-on-warn-container);
    }
    .review p {
      margin: 0 0 8px;
    }
    .ranked li.chosen {
      border-color: var(--mat-sys-primary);
    }
    .wide {
      width: 100%;
    }
  `,
})
export class DispatchBoardPage {
  private readonly api = inject(WorkOrdersApi);
  private readonly context = inject(ActiveContext);
  private readonly locale = inject(LocaleService);
  private readonly label = catalogueLabels();
  private readonly router = inject(Router);
  private readonly steps = inject(WorkOrderSteps);
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  protected readonly operator = computed(() => this.context.active()?.kind === 'operator');
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  readonly order = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();
  protected readonly query = computed(() =>
    queryFromParams({ queue: 'dispatch', page: this.page(), pageSize: this.pageSize() }, KNOWN_CODES),
  );
  protected readonly list = rxResource({
    params: () => (this.operator() ? this.query() : undefined),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly total = computed(() => (this.list.hasValue() ? this.list.value().total : 0));
  protected readonly rows = computed(() => {
    this.locale.language();
    return (this.list.hasValue() ? this.list.value().items : []).map((o) => ({
      ...o,
      deviceTypeText: this.label.deviceType(o.deviceType),
      faultTypeText: this.label.faultType(o.faultType),
      priorityText: this.label.priority(o.priority),
    }));
  });
  /** The order chosen in the address, else the first of the queue. */
  protected readonly selectedId = computed(() => this.order() || this.rows()[0]?._id || null);
  protected readonly selected = computed(() => this.rows().find((o) => o._id === this.selectedId()) ?? null);
  protected readonly suggestions = rxResource({
    // A submitted request is reviewed first; suggestions are for reviewed ones.
    params: () => (this.selected()?.status === 'awaiting-dispatch' ? this.selected()!._id : undefined),
    stream: ({ params }) => this.api.dispatchSuggestions(params),
  });
  protected readonly choice = signal<Suggestion | null>(null);
  protected readonly reason = reasonControl();
  protected readonly sending = signal(false);

  constructor() {
    effect(() => {
      this.selectedId();
      this.choice.set(null);
      this.reason.reset('');
    });
  }

  protected async review(order: WorkOrderRow, action: 'review-approve' | 'review-reject'): Promise<void> {
    if (await this.steps.run(order, action)) this.list.reload();
  }

  protected dispatch(order: WorkOrderRow, chosen: Suggestion): void {
    const top = this.suggestions.hasValue() ? this.suggestions.value()[0] : undefined;
    if (!top) return;
    if (chosen.id !== top.id && this.reason.invalid) {
      this.reason.markAsTouched();
      return;
    }
    this.sending.set(true);
    this.api.step(order._id, 'dispatch', dispatchBody(chosen, top, this.reason.value)).subscribe({
      next: () => {
        this.sending.set(false);
        this.snackBar.open(this.transloco.translate('workOrders.done.dispatch', { name: chosen.name }), undefined, { duration: 3000 });
        void this.router.navigate([], { queryParams: { order: null }, queryParamsHandling: 'merge' });
        this.list.reload();
      },
      error: () => this.sending.set(false),
    });
  }
}
