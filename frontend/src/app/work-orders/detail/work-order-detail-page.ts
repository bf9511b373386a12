import { ChangeDetectionStrategy, Component, computed, inject, input, viewChild } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../../core/i18n/locale.service';
import { formatDateTime } from '../../shared/format/date-time';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { AttachmentPreview } from '../ui/attachment-preview';
import { catalogueLabels } from '../catalogue';
import { PRIMARY, type WorkOrderAction, availableActions } from '../work-order-actions';
import { currentCaller } from '../work-order-caller';
import { WorkOrderSteps } from '../work-order-steps';
import type { ProcessingRecord } from '../work-order.model';
import { WorkOrdersApi } from '../work-orders.api';
import { SlaBadge } from '../ui/sla-badge';
import { WorkOrderTimeline } from '../ui/timeline';
import { ExpertHelpPanel } from '../../expert-help/expert-help-panel';
import { PriorityChip, WorkOrderStatusChip } from '../ui/work-order-status';
import { WorkOrderNotices } from '../../notifications/work-order-notices';
import { WorkOrderAppointmentPanel } from '../../appointments/appointment-panel';
import { WorkOrderReturnVisitPanel } from '../../appointments/return-visit-panel';
import { WorkOrderCommentThread } from '../../comments/comment-thread';
import { WorkOrderKnowledgePanel } from '../../knowledge/knowledge-suggestions-panel';
import { WorkOrderPartsPanel } from '../parts/work-order-parts-panel';

const ACTION_ICONS: Partial<Record<WorkOrderAction, string>> = {
  'review-approve': 'check',
  'review-reject': 'block',
  dispatch: 'send',
  accept: 'handshake',
  return: 'undo',
  assign: 'engineering',
  'engineer-accept': 'thumb_up',
  'engineer-decline': 'person_off',
  start: 'play_arrow',
  progress: 'update',
  pause: 'pause',
  resume: 'play_arrow',
  record: 'build',
  complete: 'task_alt',
  receipt: 'receipt_long',
  'receipt-approve': 'verified',
  'receipt-reject': 'assignment_return',
  'receipt-report': 'outbox',
  'evaluate-as-user': 'star',
  'evaluate-as-manufacturer': 'star',
  'warranty-judgement': 'gavel',
  cancel: 'cancel',
  reopen: 'lock_open',
  priority: 'priority_high',
};

/** 工单详情: the order, its photos and records, the full timeline, and the steps the caller may take. */
@Component({
  selector: 'kg-work-order-detail-page',
  imports: [
    MatButtonModule,
    MatIconModule,
    RouterLink,
    TranslocoPipe,
    LoadingPanel,
    StatePanel,
    AttachmentPreview,
    SlaBadge,
    PriorityChip,
    WorkOrderStatusChip,
    WorkOrderTimeline,
    ExpertHelpPanel,
    WorkOrderNotices,
    WorkOrderAppointmentPanel,
    WorkOrderReturnVisitPanel,
    WorkOrderKnowledgePanel,
    WorkOrderCommentThread,
    WorkOrderPartsPanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <a mat-button routerLink="/work-orders"><mat-icon>arrow_back</mat-icon>{{ 'workOrders.list.title' | transloco }}</a>
      @if (order.error()) {
        <kg-state-panel
          tone="error"
          icon="search_off"
          [title]="'workOrders.detail.notFound' | transloco"
          [message]="'workOrders.detail.notFoundHint' | transloco"
        >
          <a mat-flat-button routerLink="/work-orders">{{ 'workOrders.list.title' | transloco }}</a>
        </kg-state-panel>
      } @else if (!order.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        @let o = order.value();
        <header class="kg-page-head">
          <div>
            <h1 class="kg-mono" data-testid="wo-number">{{ o.number }}</h1>
            <p class="kg-lead chips">
              <kg-wo-status [status]="o.status" [paused]="o.pausedReason ?? o.paused" />
              <kg-wo-priority [priority]="o.priority" [label]="text().priority" />
              <kg-sla-badge [workOrderId]="o._id" [status]="o.status" />
            </p>
          </div>
        </header>
        @if (actions().length) {
          <section class="kg-card" data-testid="actions">
            <h2><mat-icon aria-hidden="true">bolt</mat-icon>{{ 'workOrders.detail.next' | transloco }}</h2>
            <div class="kg-actions">
              @for (a of actions(); track a) {
                @if (primary.has(a)) {
                  <button mat-flat-button (click)="take(a)" [attr.data-action]="a">
                    <mat-icon>{{ icon(a) }}</mat-icon>{{ 'workOrders.actions.' + a | transloco }}
                  </button>
                } @else {
                  <button mat-stroked-button (click)="take(a)" [attr.data-action]="a">
                    <mat-icon>{{ icon(a) }}</mat-icon>{{ 'workOrders.actions.' + a | transloco }}
                  </button>
                }
              }
            </div>
          </section>
        }
        <div class="columns">
          <div class="main">
            <section class="kg-card">
              <h2><mat-icon aria-hidden="true">report_problem</mat-icon>{{ 'workOrders.detail.fault' | transloco }}</h2>
              <dl class="kg-facts">
                <div>
                  <dt>{{ 'workOrders.fields.device' | transloco }}</dt>
                  <dd>
                    {{ o.deviceName }}
                    @if (o.device?.number) {
                      <span class="sub kg-mono">{{ o.device!.number }}{{ o.device!.model ? ' · ' + o.device!.model : '' }}</span>
                    }
                  </dd>
                </div>
                <div>
                  <dt>{{ 'workOrders.fields.deviceType' | transloco }}</dt>
                  <dd>{{ text().deviceType }}</dd>
                </div>
                <div>
                  <dt>{{ 'workOrders.fields.faultType' | transloco }}</dt>
                  <dd>{{ text().faultType }}</dd>
                </div>
                @if (o.contact) {
                  <div>
                    <dt>{{ 'workOrders.new.contactName' | transloco }}</dt>
                    <dd data-testid="contact">
                      {{ o.contact.name }}
                      @if (o.contact.phone.includes('*') || o.contact.phone === '已删除') {
                        <span class="kg-mono">{{ o.contact.phone }}</span>
                      } @else {
                        <!-- Unmasked only for those who call: a tap dials it on a phone. -->
                        <a class="kg-mono" [href]="'tel:' + o.contact.phone">{{ o.contact.phone }}</a>
                      }
                    </dd>
                  </div>
                }
                @if (o.device?.warrantyEndsOn) {
                  <div>
                    <dt>{{ 'workOrders.detail.warrantyEndsOn' | transloco }}</dt>
                    <dd>{{ o.device!.warrantyEndsOn }}</dd>
                  </div>
                }
                <div>
                  <dt>{{ 'workOrders.fields.submittedAt' | transloco }}</dt>
                  <dd>{{ time(o.submittedAt) }}</dd>
                </div>
              </dl>
              <p class="description" data-testid="fault-description">{{ o.fault?.description ?? o.faultSummary }}</p>
              @if (o.fault?.attachments?.length) {
                <div class="photos" data-testid="fault-photos">
                  @for (a of o.fault!.attachments; track a.blobId; let i = $index) {
                    <kg-attachment-preview
                      [blobId]="a.blobId"
                      [mediaType]="a.mediaType"
                      [label]="'workOrders.detail.photo' | transloco: { n: i + 1 }"
                    />
                  }
                </div>
              }
            </section>
            @if (o.records?.length) {
              <section class="kg-card" data-testid="records">
                <h2><mat-icon aria-hidden="true">build</mat-icon>{{ 'workOrders.records.title' | transloco }}</h2>
                @for (r of o.records!; track r.recordId) {
                  <article class="record">
                    <p class="steps">{{ r.steps }}</p>
                    <dl class="kg-facts">
                      @if (r.parts.length) {
                        <div>
                          <dt>{{ 'workOrders.records.parts' | transloco }}</dt>
                          <dd>
                            @for (p of r.parts; track $index) {
                              <span class="kg-chip">{{ p.name }} × {{ p.quantity }}{{ p.partId ? ('inventory.units.' + p.unit | transloco) : p.unit }}</span>
                            }
                          </dd>
                        </div>
                      }
                      @if (r.tools.length) {
                        <div>
                          <dt>{{ 'workOrders.records.tools' | transloco }}</dt>
                          <dd>{{ r.tools.join('、') }}</dd>
                        </div>
                      }
                      @if (r.cause) {
                        <div>
                          <dt>{{ 'workOrders.records.cause' | transloco }}</dt>
                          <dd>{{ r.cause }}</dd>
                        </div>
                      }
                      @if (r.result) {
                        <div>
                          <dt>{{ 'workOrders.records.result' | transloco }}</dt>
                          <dd>{{ r.result }}</dd>
                        </div>
                      }
                    </dl>
                    @if (r.attachments.length) {
                      <div class="photos">
                        @for (a of r.attachments; track a.blobId; let i = $index) {
                          <kg-attachment-preview
                            [blobId]="a.blobId"
                            [mediaType]="a.mediaType"
                            [label]="'workOrders.detail.photo' | transloco: { n: i + 1 }"
                          />
                        }
                      </div>
                    }
                    @if (recordsEditable()) {
                      <button mat-button (click)="edit(r)"><mat-icon>edit</mat-icon>{{ 'workOrders.records.edit' | transloco }}</button>
                    }
                  </article>
                }
              </section>
            }
            <kg-wo-parts [workOrderId]="o._id" [canRequest]="recordsEditable()" (changed)="order.reload()" />
            @if (o.receipt; as receipt) {
              <section class="kg-card" data-testid="receipt">
                <h2><mat-icon aria-hidden="true">receipt_long</mat-icon>{{ 'workOrders.detail.receipt' | transloco }}</h2>
                <p class="steps">{{ receipt.summary }}</p>
                @if (receipt.attachments?.length) {
                  <div class="photos">
                    @for (a of receipt.attachments!; track a.blobId; let i = $index) {
                      <kg-attachment-preview
                        [blobId]="a.blobId"
                        [mediaType]="a.mediaType"
                        [label]="'workOrders.detail.photo' | transloco: { n: i + 1 }"
                      />
                    }
                  </div>
                }
              </section>
            }
            @if (o.warranty; as warranty) {
              <section class="kg-card" data-testid="warranty">
                <h2><mat-icon aria-hidden="true">gavel</mat-icon>{{ 'workOrders.actions.warranty-judgement' | transloco }}</h2>
                <p class="steps">
                  <strong>{{ 'workOrders.warranty.' + warranty.judgement | transloco }}</strong>
                  @if (warranty.opinion) {
                    · {{ warranty.opinion }}
                  }
                </p>
              </section>
            }
            <kg-expert-help-panel [order]="o" />
            @if (evaluations().length) {
              <section class="kg-card" data-testid="evaluations">
                <h2><mat-icon aria-hidden="true">star</mat-icon>{{ 'workOrders.detail.evaluations' | transloco }}</h2>
                @for (e of evaluations(); track e.by) {
                  <p>
                    <strong>{{ 'workOrders.evaluators.' + e.by | transloco }}</strong>
                    <span class="stars" [attr.aria-label]="'workOrders.form.stars' | transloco: { score: e.score }">{{
                      stars(e.score)
                    }}</span>
                    {{ e.opinion }}
                  </p>
                }
              </section>
            }
            <kg-work-order-notices [workOrderId]="o._id" />
            <kg-wo-appointment [workOrderId]="o._id" />
            <kg-wo-return-visit [workOrderId]="o._id" />
            <kg-wo-knowledge [workOrderId]="o._id" [status]="o.status" />
            <kg-wo-comments [workOrderId]="o._id" />
          </div>
          <section class="kg-card side">
            <h2><mat-icon aria-hidden="true">history</mat-icon>{{ 'workOrders.detail.timeline' | transloco }}</h2>
            <kg-wo-timeline [timeline]="o.timeline" [parties]="o.parties ?? {}" [automaticReview]="o.review?.mode === 'automatic'" [order]="o" />
          </section>
        </div>
      }
    </div>
  `,
  styles: `
    .chips {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .columns {
      display: grid;
      grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
      gap: 16px;
      align-items: start;
    }
    .main {
      display: flex;
      flex-direction: column;
      gap: 16px;
      min-width: 0;
    }
    @media (max-width: 900px) {
      .columns {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    @media (max-width: 599.98px) {
      .kg-facts {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
    }
    .sub {
      display: block;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .description {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      margin: 16px 0 0;
    }
    .photos {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      margin-top: 12px;
    }
    .record + .record {
      border-top: 1px solid var(--mat-sys-outline-variant);
      margin-top: 12px;
      padding-top: 12px;
    }
    .steps {
      white-space: pre-wrap;
      margin: 0 0 8px;
    }
    .stars {
      color: #b26a00;
      margin: 0 8px;
      letter-spacing: 2px;
    }
  `,
})
export class WorkOrderDetailPage {
  private readonly api = inject(WorkOrdersApi);
  private readonly steps = inject(WorkOrderSteps);
  private readonly locale = inject(LocaleService);
  private readonly label = catalogueLabels();
  private readonly caller = currentCaller();
  protected readonly primary = PRIMARY;
  readonly id = input.required<string>();
  protected readonly order = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.detail(params) });
  protected readonly actions = computed(() => (this.order.hasValue() ? availableActions(this.order.value(), this.caller()) : []));
  protected readonly evaluations = computed(() =>
    Object.entries((this.order.hasValue() && this.order.value().evaluations) || {}).map(([by, e]) => ({
      by,
      score: e!.score,
      opinion: e!.opinion,
    })),
  );
  protected readonly recordsEditable = computed(() => this.actions().includes('record'));
  protected readonly text = computed(() => {
    this.locale.language();
    const o = this.order.hasValue() ? this.order.value() : null;
    return {
      priority: this.label.priority(o?.priority),
      deviceType: this.label.deviceType(o?.deviceType),
      faultType: this.label.faultType(o?.faultType),
    };
  });

  protected icon(action: WorkOrderAction): string {
    return ACTION_ICONS[action] ?? 'arrow_forward';
  }

  protected time(value: string): string {
    return formatDateTime(value, this.locale.language());
  }

  protected stars(score: number): string {
    return '★'.repeat(score) + '☆'.repeat(Math.max(0, 5 - score));
  }

  /** A processing record moves stock: the parts used are read again with the order. */
  private readonly partsPanel = viewChild(WorkOrderPartsPanel);

  protected async take(action: WorkOrderAction): Promise<void> {
    if (this.order.hasValue() && (await this.steps.run(this.order.value(), action))) {
      this.order.reload();
      this.partsPanel()?.reload();
    }
  }

  protected async edit(record: ProcessingRecord): Promise<void> {
    if (this.order.hasValue() && (await this.steps.editRecord(this.order.value(), record))) {
      this.order.reload();
      this.partsPanel()?.reload();
    }
  }
}
