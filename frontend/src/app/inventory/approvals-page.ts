import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { describeRequestError } from '../core/api/api-error';
import { ActiveContext } from '../core/context/active-context';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { InventoryApi } from './inventory.api';
import type { StockDocument } from './inventory.model';

type Step = { readonly path: string; readonly labelKey: string; readonly permission: string; readonly body?: object };

/** The step each open document waits for, and who may take it. */
const stepsOf = (d: StockDocument): Step[] => {
  const at = (action: string) => `${d.kind === 'issue' ? 'issues' : d.kind === 'receipt' ? 'receipts' : 'transfers'}/${encodeURIComponent(d.id)}/${action}`;
  switch (d.status) {
    case 'requested':
      return [
        { path: at('approve'), labelKey: 'inventory.approvals.approve', permission: 'stock-move:approve' },
        { path: at('reject'), labelKey: 'inventory.approvals.reject', permission: 'stock-move:approve', body: { reason: '不予批准' } },
      ];
    case 'approved':
      return [{ path: at('pick'), labelKey: 'inventory.approvals.pick', permission: 'stock-move:issue' }];
    case 'picked':
      return [{ path: at('deliver'), labelKey: 'inventory.approvals.deliver', permission: 'stock-move:issue' }];
    case 'inspecting':
      return [{ path: at('shelve'), labelKey: 'inventory.approvals.shelve', permission: 'stock-move:receive', body: { acceptedQuantity: d.quantity } }];
    case 'in-transit':
      return [{ path: at('receive'), labelKey: 'inventory.approvals.receive', permission: 'stock-move:receive' }];
    default:
      return [];
  }
};

const OPEN = ['requested', 'approved', 'picked', 'inspecting', 'in-transit'];

/** 审批与待办: issues waiting for approval, picking or delivery; receipts in inspection; transfers on their way. */
@Component({
  selector: 'kg-approvals-page',
  imports: [MatButtonModule, MatIconModule, MatTableModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kg-card">
      <h2><mat-icon aria-hidden="true">approval</mat-icon>{{ 'inventory.approvals.title' | transloco }}</h2>
      <p class="kg-lead">{{ 'inventory.approvals.lead' | transloco }}</p>
      @if (refused(); as message) {
        <kg-state-panel tone="error" icon="error" [title]="'inventory.move.refused' | transloco" [message]="message" data-testid="step-refused" />
      }
      @if (documents.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="documents.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!documents.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (open().length === 0) {
        <kg-state-panel icon="task_alt" [title]="'inventory.approvals.none' | transloco" />
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="open()" class="kg-stack-table" data-testid="open-documents">
            <ng-container matColumnDef="kind">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.document' | transloco }}</th>
              <td mat-cell *matCellDef="let d" [attr.data-label]="'inventory.fields.document' | transloco">{{ 'inventory.documents.' + d.kind | transloco }}</td>
            </ng-container>
            <ng-container matColumnDef="part">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.part' | transloco }}</th>
              <td mat-cell *matCellDef="let d" [attr.data-label]="'inventory.fields.part' | transloco"><span class="kg-mono">{{ d.partCode }}</span> {{ d.partName }}</td>
            </ng-container>
            <ng-container matColumnDef="quantity">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.quantity' | transloco }}</th>
              <td mat-cell *matCellDef="let d" [attr.data-label]="'inventory.fields.quantity' | transloco">{{ d.quantity }}</td>
            </ng-container>
            <ng-container matColumnDef="status">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.status' | transloco }}</th>
              <td mat-cell *matCellDef="let d" [attr.data-label]="'inventory.fields.status' | transloco">
                <span class="kg-chip warn" [attr.data-testid]="'status-' + d.id">{{ 'inventory.statuses.' + d.status | transloco }}</span>
              </td>
            </ng-container>
            <ng-container matColumnDef="actions">
              <th mat-header-cell *matHeaderCellDef></th>
              <td mat-cell *matCellDef="let d">
                @for (s of steps(d); track s.path) {
                  <button mat-stroked-button [disabled]="busy() || !can(s.permission)" (click)="take(s)" [attr.data-testid]="'step-' + s.path.split('/')[2]">{{ s.labelKey | transloco }}</button>
                }
              </td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        </div>
      }
    </section>
  `,
  styles: `
    td button + button {
      margin-inline-start: 8px;
    }
  `,
})
export class ApprovalsPage {
  private readonly api = inject(InventoryApi);
  private readonly context = inject(ActiveContext);
  protected readonly columns = ['kind', 'part', 'quantity', 'status', 'actions'];
  protected readonly documents = rxResource({ stream: () => this.api.documents({ pageSize: 100 }) });
  protected readonly open = computed(() => (this.documents.hasValue() ? this.documents.value().items.filter((d) => OPEN.includes(d.status)) : []));
  protected readonly busy = signal(false);
  protected readonly refused = signal<string | null>(null);
  protected readonly steps = stepsOf;

  protected can(permission: string): boolean {
    return this.context.can(permission);
  }

  protected take(step: Step): void {
    this.busy.set(true);
    this.refused.set(null);
    this.api.step(step.path, step.body ?? {}).subscribe({
      next: () => {
        this.busy.set(false);
        this.documents.reload();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const problem = describeRequestError(error);
        this.refused.set(problem?.kind === 'rejected' ? (problem.message ?? '') : '');
      },
    });
  }
}
