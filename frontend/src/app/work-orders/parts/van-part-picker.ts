import { ChangeDetectionStrategy, Component, inject, output } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule, type MatAutocompleteSelectedEvent } from '@angular/material/autocomplete';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import type { StockedPick } from '../forms/step-forms';
import { WorkOrderPartsApi } from './work-order-parts.api';
import type { VanStockItem } from './work-order-parts.model';

/** 从车载库存选择: searches the engineer's van stock by code or name and hands back the part picked. */
@Component({
  selector: 'kg-van-part-picker',
  imports: [ReactiveFormsModule, MatAutocompleteModule, MatFormFieldModule, MatIconModule, MatInputModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field class="picker" subscriptSizing="dynamic">
      <mat-label>{{ 'workOrderParts.picker.label' | transloco }}</mat-label>
      <mat-icon matPrefix>local_shipping</mat-icon>
      <input
        matInput
        [formControl]="search"
        [matAutocomplete]="vanParts"
        [placeholder]="'workOrderParts.picker.placeholder' | transloco"
        data-testid="van-part-search"
      />
      <mat-autocomplete #vanParts (optionSelected)="choose($event)">
        @if (stock.isLoading()) {
          <mat-option disabled>{{ 'common.loading' | transloco }}</mat-option>
        } @else if (stock.error()) {
          <mat-option disabled>{{ 'workOrderParts.picker.failed' | transloco }}</mat-option>
        } @else {
          @for (s of stock.value()?.items ?? []; track s.warehouseId + s.partId) {
            <mat-option [value]="s" [attr.data-testid]="'van-part-' + s.partCode">
              <span class="kg-mono">{{ s.partCode }}</span> {{ s.partName }}
              <span class="available">{{ 'workOrderParts.picker.available' | transloco: { n: s.available, unit: ('inventory.units.' + s.unit | transloco) } }} · {{ s.warehouseName }}</span>
            </mat-option>
          } @empty {
            <mat-option disabled>{{ (noVan() ? 'workOrderParts.picker.noVan' : 'workOrderParts.picker.none') | transloco }}</mat-option>
          }
        }
      </mat-autocomplete>
      <mat-hint>{{ 'workOrderParts.picker.hint' | transloco }}</mat-hint>
    </mat-form-field>
  `,
  styles: `
    .picker {
      width: 100%;
      margin-bottom: 8px;
    }
    .available {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
      margin-left: 8px;
    }
  `,
})
export class VanPartPicker {
  private readonly api = inject(WorkOrderPartsApi);
  private readonly transloco = inject(TranslocoService);
  readonly picked = output<StockedPick>();
  protected readonly search = new FormControl('', { nonNullable: true });
  private readonly q = toSignal(
    this.search.valueChanges.pipe(
      // A picked option puts the object in the field; only typed text searches.
      map((v) => (typeof v === 'string' ? v.trim() : '')),
      debounceTime(250),
      distinctUntilChanged(),
    ),
    { initialValue: '' },
  );
  protected readonly stock = rxResource({ params: () => this.q(), stream: ({ params }) => this.api.myStock({ q: params, available: true, pageSize: 20 }) });
  protected readonly noVan = () => this.stock.hasValue() && this.stock.value().vans.length === 0;

  protected choose(event: MatAutocompleteSelectedEvent): void {
    const s = event.option.value as VanStockItem;
    // The unit as the engineer reads it (个); the backend records the catalogue's unit code anyway.
    const unit = this.transloco.translate(`inventory.units.${s.unit}`);
    this.picked.emit({ partId: s.partId, warehouseId: s.warehouseId, name: s.partName, unit, available: s.available });
    this.search.setValue('');
  }
}
