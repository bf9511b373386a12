import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { yuan } from '../../inventory/inventory.model';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { MissingPartsDialog } from './missing-parts-dialog';
import { WorkOrderPartsApi } from './work-order-parts.api';
import { costsVisible, shownLines } from './work-order-parts.model';

/** 使用备件: the stocked parts a work order took, with unit costs for those who may see them, and 缺件申请. */
@Component({
  selector: 'kg-wo-parts',
  imports: [MatButtonModule, MatIconModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (canRequest() || lines().length || parts.error()) {
      <section class="kg-card" data-testid="parts-used">
        <h2><mat-icon aria-hidden="true">inventory_2</mat-icon>{{ 'workOrderParts.used.title' | transloco }}</h2>
        @if (parts.error()) {
          <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
            <button mat-flat-button (click)="parts.reload()">{{ 'common.retry' | transloco }}</button>
          </kg-state-panel>
        } @else if (!parts.hasValue()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else if (lines().length === 0) {
          <p class="empty">{{ 'workOrderParts.used.none' | transloco }}</p>
        } @else {
          <ul class="lines">
            @for (l of lines(); track l.warehouseId + l.partId) {
              <li [attr.data-testid]="'part-used-' + l.partCode">
                <div class="what">
                  <span class="kg-mono">{{ l.partCode }}</span> {{ l.partName }}
                  <span class="sub">{{ l.warehouseName }}{{ l.warehouseKind === 'van' ? ' · ' + ('workOrderParts.used.van' | transloco) : '' }}</span>
                </div>
                <div class="how">
                  <strong>× {{ l.quantity }} {{ 'inventory.units.' + l.unit | transloco }}</strong>
                  @if (l.pendingQuantity) {
                    <span class="kg-chip warn">{{ 'workOrderParts.used.pending' | transloco: { n: l.pendingQuantity } }}</span>
                  }
                  @if (showCosts()) {
                    <span class="sub" data-testid="part-cost">{{ 'workOrderParts.used.cost' | transloco: { unit: yuan(l.unitCostFen), total: yuan(l.valueFen) } }}</span>
                  }
                </div>
              </li>
            }
          </ul>
          @if (showCosts() && parts.value().totalValueFen !== null) {
            <p class="total" data-testid="parts-total">{{ 'workOrderParts.used.total' | transloco: { total: yuan(parts.value().totalValueFen) } }}</p>
          }
        }
        @if (canRequest()) {
          <div class="kg-actions">
            <button mat-stroked-button (click)="requestMissing()" data-testid="missing-parts">
              <mat-icon>add_shopping_cart</mat-icon>{{ 'workOrderParts.missing.action' | transloco }}
            </button>
          </div>
        }
      </section>
    }
  `,
  styles: `
    .lines {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .lines li {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 4px 16px;
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .how {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .sub {
      display: block;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .how .sub {
      display: inline;
    }
    .empty {
      color: var(--mat-sys-on-surface-variant);
      margin: 0 0 8px;
    }
    .total {
      text-align: right;
      font: var(--mat-sys-title-small);
      margin: 8px 0 0;
    }
  `,
})
export class WorkOrderPartsPanel {
  private readonly api = inject(WorkOrderPartsApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  readonly workOrderId = input.required<string>();
  /** The caller works the order now (its engineer, work in progress): 缺件申请 is theirs. */
  readonly canRequest = input(false);
  /** A missing-parts request paused the order: the page reloads it. */
  readonly changed = output<void>();
  protected readonly yuan = yuan;
  protected readonly parts = rxResource({ params: () => this.workOrderId(), stream: ({ params }) => this.api.used(params) });
  protected readonly lines = computed(() => (this.parts.hasValue() ? shownLines(this.parts.value()) : []));
  protected readonly showCosts = computed(() => this.parts.hasValue() && costsVisible(this.parts.value()));

  /** Reads the parts again (after a processing record changed them). */
  reload(): void {
    this.parts.reload();
  }

  protected async requestMissing(): Promise<void> {
    const ref = this.dialog.open(MissingPartsDialog, { data: { workOrderId: this.workOrderId() }, autoFocus: 'first-tabbable', maxWidth: '96vw' });
    const answer = await firstValueFrom(ref.afterClosed());
    if (!answer) return;
    this.snackBar.open(this.transloco.translate('workOrderParts.missing.done'), undefined, { duration: 4000 });
    this.changed.emit();
  }
}
