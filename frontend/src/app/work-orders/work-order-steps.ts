import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { TranslocoService } from '@jsverse/transloco';
import { type Observable, EMPTY, filter, firstValueFrom, map, switchMap } from 'rxjs';
import { PRIORITY_CODES, catalogueLabels } from './catalogue';
import {
  WorkOrderAssignDialog,
  WorkOrderChoiceDialog,
  WorkOrderEvaluationDialog,
  WorkOrderProgressDialog,
  WorkOrderReasonDialog,
  WorkOrderReceiptDialog,
  WorkOrderRecordDialog,
} from './detail/step-dialogs';
import type { WorkOrderAction } from './work-order-actions';
import type { ProcessingRecord, WorkOrderRow } from './work-order.model';
import { WorkOrdersApi } from './work-orders.api';

const given = <T>(value: T | undefined | null | ''): value is T => value !== undefined && value !== null && value !== '';

/**
 * Takes one step of an order: asks what the step needs (a reason, a record, a score …) in a dialog,
 * sends it, and says it was done. Resolves true when the order changed, false when the user backed out
 * or the backend refused (the global notice shows the refusal in the backend's words).
 */
@Injectable({ providedIn: 'root' })
export class WorkOrderSteps {
  private readonly api = inject(WorkOrdersApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  private readonly label = catalogueLabels();
  private readonly router = inject(Router);

  async run(order: WorkOrderRow, action: WorkOrderAction): Promise<boolean> {
    if (action === 'dispatch') {
      await this.router.navigate(['/work-orders/dispatch'], { queryParams: { order: order._id } });
      return false;
    }
    const call = this.callFor(order, action);
    try {
      const done = await firstValueFrom(call.pipe(map(() => true)), { defaultValue: false });
      if (done) this.snackBar.open(this.transloco.translate(`workOrders.done.${action}`), undefined, { duration: 3000 });
      return done;
    } catch {
      return false;
    }
  }

  /** Edits a processing record (until the work is completed). */
  async editRecord(order: WorkOrderRow, record: ProcessingRecord): Promise<boolean> {
    const call = this.ask<object>(WorkOrderRecordDialog, { record }).pipe(
      switchMap((body) => this.api.editRecord(order._id, record.recordId, body as never)),
    );
    try {
      return await firstValueFrom(call.pipe(map(() => true)), { defaultValue: false });
    } catch {
      return false;
    }
  }

  private callFor(order: WorkOrderRow, action: WorkOrderAction): Observable<unknown> {
    const id = order._id;
    const step = (name: string, body: object = {}) => this.api.step(id, name, body);
    const reason = (titleKey: string) => this.ask<string>(WorkOrderReasonDialog, { titleKey });
    switch (action) {
      case 'review-approve':
        return step('review', { decision: 'approve', opinion: '' });
      case 'review-reject':
        return reason('workOrders.actions.review-reject').pipe(switchMap((opinion) => step('review', { decision: 'reject', opinion })));
      case 'priority':
        return this.ask<{ value: string }>(WorkOrderChoiceDialog, {
          titleKey: 'workOrders.actions.priority',
          value: order.priority,
          options: PRIORITY_CODES.map((p) => ({ value: p, label: this.label.priority(p) })),
        }).pipe(switchMap(({ value }) => step('priority', { priority: value })));
      case 'accept':
      case 'engineer-accept':
      case 'start':
      case 'resume':
        return step(action);
      case 'complete':
        return step('complete', { summary: '' });
      case 'receipt-report':
        return step('receipt/report', { note: '' });
      case 'receipt-approve':
        return step('receipt/approve', { opinion: '' });
      case 'return':
      case 'engineer-decline':
      case 'cancel':
      case 'reopen':
        return reason(`workOrders.actions.${action}`).pipe(switchMap((r) => step(action, { reason: r })));
      case 'receipt-reject':
        return reason('workOrders.actions.receipt-reject').pipe(switchMap((r) => step('receipt/reject', { reason: r })));
      case 'assign':
        return this.ask<string>(WorkOrderAssignDialog, { workOrderId: id }).pipe(switchMap((engineerId) => step('assign', { engineerId })));
      case 'progress':
        return this.ask<string>(WorkOrderProgressDialog, {}).pipe(
          switchMap((note) => step('progress', { note, percent: null, attachments: [] })),
        );
      case 'pause':
        return this.ask<{ value: string; note: string }>(WorkOrderChoiceDialog, {
          titleKey: 'workOrders.actions.pause',
          noteKey: 'workOrders.form.note',
          options: ['awaiting-customer', 'awaiting-parts'].map((r) => ({
            value: r,
            label: this.transloco.translate(`workOrders.pauseReasons.${r}`),
          })),
        }).pipe(switchMap(({ value, note }) => step('pause', { reason: value, note })));
      case 'record':
        return this.ask<object>(WorkOrderRecordDialog, {}).pipe(switchMap((body) => step('records', body)));
      case 'receipt':
        return this.ask<object>(WorkOrderReceiptDialog, {}).pipe(switchMap((body) => step('receipt', body)));
      case 'evaluate-as-user':
      case 'evaluate-as-manufacturer':
        return this.ask<{ score: number; opinion: string; quality?: number; efficiency?: number }>(WorkOrderEvaluationDialog, { titleKey: `workOrders.actions.${action}` }).pipe(
          switchMap((body) => step('evaluations', body)),
        );
      case 'warranty-judgement':
        return this.ask<{ value: string; note: string }>(WorkOrderChoiceDialog, {
          titleKey: 'workOrders.actions.warranty-judgement',
          noteKey: 'workOrders.form.opinion',
          options: ['in-warranty', 'out-of-warranty'].map((j) => ({
            value: j,
            label: this.transloco.translate(`workOrders.warranty.${j}`),
          })),
        }).pipe(switchMap(({ value, note }) => step('warranty-judgement', { judgement: value, opinion: note })));
      case 'dispatch':
        return EMPTY;
    }
  }

  private ask<T>(component: Parameters<MatDialog['open']>[0], data: object): Observable<T> {
    return this.dialog
      .open(component, { data, autoFocus: 'first-tabbable', maxWidth: '96vw' })
      .afterClosed()
      .pipe(filter((value): value is T => given(value as T)));
  }
}
