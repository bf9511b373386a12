import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule } from '@angular/material/paginator';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../../core/i18n/locale.service';
import { PAGE_SIZES, queryParamWriter } from '../../shared/table/paging';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { KNOWN_CODES, catalogueLabels } from '../catalogue';
import { PRIMARY, type WorkOrderAction, availableActions } from '../work-order-actions';
import { currentCaller } from '../work-order-caller';
import { queryFromParams } from '../work-order-filters';
import { WorkOrderSteps } from '../work-order-steps';
import type { WorkOrderRow } from '../work-order.model';
import { WorkOrdersApi } from '../work-orders.api';
import { SlaBadge } from '../ui/sla-badge';
import { PriorityChip, WorkOrderStatusChip } from '../ui/work-order-status';

const OPEN = 'assigned,engineer-accepted,in-progress,completed';
const DONE = 'receipt-submitted,receipt-approved,reported,closed';

/**
 * 我的任务: the engineer's orders as cards, made for a phone held in one hand on site — big tap
 * targets, the next step first, nothing that needs a wide screen.
 */
@Component({
  selector: 'kg-my-tasks-page',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatPaginatorModule,
    RouterLink,
    TranslocoPipe,
    LoadingPanel,
    StatePanel,
    SlaBadge,
    PriorityChip,
    WorkOrderStatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page tasks">
      <header class="kg-page-head">
        <div>
          <h1>{{ 'workOrders.myTasks.title' | transloco }}</h1>
          <p class="kg-lead">{{ 'workOrders.myTasks.lead' | transloco }}</p>
        </div>
      </header>
      <mat-button-toggle-group
        [value]="show()"
        (change)="to.filter({ show: $event.value === 'done' ? 'done' : null })"
        class="switch"
        [attr.aria-label]="'workOrders.myTasks.title' | transloco"
      >
        <mat-button-toggle value="open">{{ 'workOrders.myTasks.open' | transloco }}</mat-button-toggle>
        <mat-button-toggle value="done">{{ 'workOrders.myTasks.done' | transloco }}</mat-button-toggle>
      </mat-button-toggle-group>
      @if (list.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="list.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!list.hasValue()) {
        <kg-loading-panel [label]="'workOrders.list.loading' | transloco" />
      } @else if (cards().length === 0) {
        <kg-state-panel
          icon="engineering"
          [title]="(show() === 'done' ? 'workOrders.myTasks.noneDone' : 'workOrders.myTasks.none') | transloco"
        />
      } @else {
        <ul class="cards" data-testid="my-tasks">
          @for (c of cards(); track c.order._id) {
            <li class="task" [attr.data-number]="c.order.number">
              <a class="head" [routerLink]="['/work-orders', c.order._id]">
                <span class="kg-mono number">{{ c.order.number }}</span>
                <mat-icon aria-hidden="true">chevron_right</mat-icon>
              </a>
              <div class="chips">
                <kg-wo-status [status]="c.order.status" [paused]="c.order.paused" />
                <kg-wo-priority [priority]="c.order.priority" [label]="c.priority" />
              </div>
              <p class="device">{{ c.order.deviceName }} · {{ c.deviceType }}</p>
              <p class="fault">{{ c.faultType }} — {{ c.order.faultSummary }}</p>
              <kg-sla-badge [workOrderId]="c.order._id" [status]="c.order.status" />
              @if (c.actions.length) {
                <div class="buttons">
                  @for (a of c.actions; track a) {
                    @if (primary.has(a)) {
                      <button mat-flat-button class="big" (click)="take(c.order, a)" [attr.data-action]="a">
                        {{ 'workOrders.actions.' + a | transloco }}
                      </button>
                    } @else {
                      <button mat-stroked-button class="big" (click)="take(c.order, a)" [attr.data-action]="a">
                        {{ 'workOrders.actions.' + a | transloco }}
                      </button>
                    }
                  }
                </div>
              }
            </li>
          }
        </ul>
        @if (total() > query().pageSize) {
          <mat-paginator
            [length]="total()"
            [pageIndex]="query().page - 1"
            [pageSize]="query().pageSize"
            [pageSizeOptions]="pageSizes"
            (page)="to.page($event)"
          />
        }
      }
    </div>
  `,
  styles: `
    .tasks {
      max-width: 720px;
    }
    .switch {
      align-self: stretch;
      display: flex;
    }
    .switch mat-button-toggle {
      flex: 1;
    }
    .cards {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .task {
      display: flex;
      flex-direction: column;
      gap: 6px;
      padding: 16px;
      border-radius: var(--mat-sys-corner-large);
      background: var(--mat-sys-surface-container-lowest);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      min-height: 48px;
      color: var(--mat-sys-primary);
      text-decoration: none;
      font: var(--mat-sys-title-medium);
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .device {
      margin: 4px 0 0;
      font: var(--mat-sys-title-medium);
    }
    .fault {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    .buttons {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(130px, 1fr));
      gap: 8px;
      margin-top: 8px;
    }
    .big {
      min-height: 52px;
      font-size: 16px;
    }
  `,
})
export class MyTasksPage {
  private readonly api = inject(WorkOrdersApi);
  private readonly steps = inject(WorkOrderSteps);
  private readonly locale = inject(LocaleService);
  private readonly label = catalogueLabels();
  private readonly caller = currentCaller();
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly primary = PRIMARY;
  readonly showParam = input<string>(undefined, { alias: 'show' });
  readonly page = input<string>();
  readonly pageSize = input<string>();
  protected readonly show = computed(() => (this.showParam() === 'done' ? 'done' : 'open'));
  protected readonly query = computed(() =>
    queryFromParams(
      // The backend's `mine` queue holds the open tasks only; submitted ones are the engineer's rows in
      // the later statuses (an engineer reads no other rows; the cards below keep only their own).
      this.show() === 'done'
        ? { status: DONE, sort: '-updatedAt', page: this.page(), pageSize: this.pageSize() }
        : { queue: 'mine', status: OPEN, sort: '-updatedAt', page: this.page(), pageSize: this.pageSize() },
      KNOWN_CODES,
    ),
  );
  protected readonly list = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.list(params) });
  protected readonly total = computed(() => (this.list.hasValue() ? this.list.value().total : 0));
  protected readonly cards = computed(() => {
    this.locale.language();
    const caller = this.caller();
    return (this.list.hasValue() ? this.list.value().items : [])
      .filter((order) => order.assigneeId === caller.userId)
      .map((order) => ({
        order,
        actions: availableActions(order, caller),
        deviceType: this.label.deviceType(order.deviceType),
        faultType: this.label.faultType(order.faultType),
        priority: this.label.priority(order.priority),
      }));
  });

  protected async take(order: WorkOrderRow, action: WorkOrderAction): Promise<void> {
    if (await this.steps.run(order, action)) this.list.reload();
  }
}
