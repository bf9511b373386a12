import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { LocaleService } from '../../core/i18n/locale.service';
import { formatDateTime } from '../../shared/format/date-time';
import { actingParty, timelineText } from '../timeline-text';
import type { TimelineEntry, WorkOrderRow } from '../work-order.model';

const ICONS: Readonly<Record<string, string>> = {
  MaintenanceRequested: 'report',
  RequestReviewed: 'fact_check',
  RequestRejected: 'block',
  WorkOrderDispatched: 'send',
  DispatchReturned: 'undo',
  DispatchAccepted: 'handshake',
  EngineerAssigned: 'engineering',
  EngineerDeclined: 'person_off',
  EngineerAccepted: 'thumb_up',
  WorkStarted: 'play_circle',
  ProgressReported: 'update',
  ProcessingRecordAdded: 'build',
  ProcessingRecordEdited: 'edit_note',
  WorkPaused: 'pause_circle',
  WorkResumed: 'play_circle',
  WorkCompleted: 'task_alt',
  ReceiptSubmitted: 'receipt_long',
  ReceiptApproved: 'verified',
  ReceiptRejected: 'assignment_return',
  ReceiptReported: 'outbox',
  WorkOrderEvaluated: 'star',
  WorkOrderClosed: 'lock',
  WorkOrderCancelled: 'cancel',
  WorkOrderReopened: 'lock_open',
  WarrantyJudged: 'gavel',
  PriorityChanged: 'priority_high',
};

/** The order's history, newest last, each event worded in the active language. */
@Component({
  selector: 'kg-wo-timeline',
  imports: [MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol data-testid="timeline">
      @for (e of entries(); track $index) {
        <li>
          <span class="dot"
            ><mat-icon aria-hidden="true">{{ e.icon }}</mat-icon></span
          >
          <div>
            <strong>{{ 'workOrders.events.' + e.type | transloco }}</strong>
            <time [attr.datetime]="e.at"
              >{{ e.when }}
              @if (e.party) {
                · {{ e.party | transloco }}
              }
            </time>
            @if (e.text) {
              <p>{{ e.text }}</p>
            }
          </div>
        </li>
      }
    </ol>
  `,
  styles: `
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: flex;
      gap: 12px;
      padding-bottom: 16px;
      position: relative;
    }
    li:not(:last-child)::before {
      content: '';
      position: absolute;
      left: 15px;
      top: 32px;
      bottom: 0;
      width: 2px;
      background: var(--mat-sys-outline-variant);
    }
    .dot {
      flex: none;
      display: grid;
      place-items: center;
      width: 32px;
      height: 32px;
      border-radius: 50%;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .dot mat-icon {
      font-size: 18px;
      width: 18px;
      height: 18px;
    }
    time {
      display: block;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    p {
      margin: 4px 0 0;
      overflow-wrap: anywhere;
    }
  `,
})
export class WorkOrderTimeline {
  private readonly locale = inject(LocaleService);
  private readonly transloco = inject(TranslocoService);
  readonly timeline = input.required<readonly TimelineEntry[]>();
  /** Names of the parties the entries mention by id (the detail's `parties`). */
  readonly parties = input<Readonly<Record<string, string>>>({});
  /** The request passed the automatic rules: its review opinion is the platform's, worded here. */
  readonly automaticReview = input(false);
  /** The order, to say what the acting enterprise is to it. */
  readonly order = input<Pick<WorkOrderRow, 'requesterId' | 'ownerId' | 'providerId' | 'manufacturerId' | 'assigneeId'> | null>(null);
  protected readonly entries = computed(() => {
    const language = this.locale.language();
    const translate = (key: string, params?: Record<string, unknown>) => this.transloco.translate(key, params, language);
    return this.timeline().map((e) => ({
      ...e,
      // The automatic review rides on the requester's submission; the platform is who reviewed.
      party:
        e.type === 'RequestReviewed' && this.automaticReview()
          ? 'workOrders.parties.platform'
          : this.order()
            ? actingParty(e, this.order()!)
            : null,
      text:
        e.type === 'RequestReviewed' && this.automaticReview()
          ? translate('workOrders.timeline.automaticReview')
          : timelineText(e, translate, this.parties()),
      icon: ICONS[e.type] ?? 'circle',
      when: formatDateTime(e.at, language),
    }));
  });
}
