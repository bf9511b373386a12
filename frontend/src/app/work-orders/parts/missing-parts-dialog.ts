import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatAutocompleteModule, type MatAutocompleteSelectedEvent } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import { FieldErrorText } from '../../shared/forms/field-error';
import { formFailure, type FormFailure } from '../../shared/forms/form-failure';
import { StatePanel } from '../../shared/ui/state-panel';
import { InventoryApi } from '../../inventory/inventory.api';
import type { Part } from '../../inventory/inventory.model';
import { WorkOrderPartsApi } from './work-order-parts.api';

/** 缺件申请: the part missing, how many, for which warehouse — a purchase request, and the work waits for it. */
@Component({
  selector: 'kg-wo-missing-parts-dialog',
  imports: [
    ReactiveFormsModule,
    MatAutocompleteModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    TranslocoPipe,
    FieldErrorText,
    StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'workOrderParts.missing.title' | transloco }}</h2>
    <mat-dialog-content>
      <p class="lead">{{ 'workOrderParts.missing.lead' | transloco }}</p>
      <form [formGroup]="form" class="missing">
        <mat-form-field>
          <mat-label>{{ 'workOrderParts.missing.part' | transloco }}</mat-label>
          <input matInput [formControl]="search" [matAutocomplete]="catalogue" cdkFocusInitial data-testid="missing-part-search" />
          <mat-autocomplete #catalogue [displayWith]="partText" (optionSelected)="choose($event)">
            @for (p of parts.value()?.items ?? []; track p.id) {
              <mat-option [value]="p" [attr.data-testid]="'missing-part-' + p.code"><span class="kg-mono">{{ p.code }}</span> {{ p.name }} {{ p.model }}</mat-option>
            } @empty {
              <mat-option disabled>{{ 'workOrderParts.missing.noPart' | transloco }}</mat-option>
            }
          </mat-autocomplete>
          <kg-field-error [control]="form.controls.partId" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'workOrderParts.missing.warehouse' | transloco }}</mat-label>
          <mat-select formControlName="warehouseId" data-testid="missing-warehouse">
            @for (w of warehouses(); track w.id) {
              <mat-option [value]="w.id">{{ w.name }}</mat-option>
            }
          </mat-select>
          <kg-field-error [control]="form.controls.warehouseId" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'workOrders.records.quantity' | transloco }}</mat-label>
          <input matInput type="number" min="1" step="1" formControlName="quantity" data-testid="missing-quantity" />
          <kg-field-error [control]="form.controls.quantity" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'workOrderParts.missing.note' | transloco }}</mat-label>
          <textarea matInput rows="2" formControlName="note" data-testid="missing-note"></textarea>
        </mat-form-field>
      </form>
      @if (failure(); as f) {
        <kg-state-panel tone="error" icon="error" [title]="'workOrderParts.missing.refused' | transloco" [message]="f.message ?? ''" data-testid="missing-refused" />
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button mat-flat-button [disabled]="busy()" (click)="submit()" data-testid="missing-submit">{{ 'workOrderParts.missing.submit' | transloco }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .missing {
      display: flex;
      flex-direction: column;
      min-width: min(440px, 76vw);
    }
    .lead {
      color: var(--mat-sys-on-surface-variant);
      margin: 0 0 12px;
    }
  `,
})
export class MissingPartsDialog {
  private readonly data = inject<{ workOrderId: string }>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef);
  private readonly inventory = inject(InventoryApi);
  private readonly api = inject(WorkOrderPartsApi);
  protected readonly form = new FormGroup({
    partId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    warehouseId: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    quantity: new FormControl<number>(1, { nonNullable: true, validators: [Validators.required, Validators.min(1), Validators.max(1_000_000), Validators.pattern(/^\d+$/)] }),
    note: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(500)] }),
  });
  protected readonly search = new FormControl<string | Part>('', { nonNullable: true });
  private readonly q = toSignal(
    this.search.valueChanges.pipe(
      map((v) => (typeof v === 'string' ? v.trim() : null)),
      debounceTime(250),
      distinctUntilChanged(),
    ),
    { initialValue: '' },
  );
  protected readonly parts = rxResource({
    params: () => this.q(),
    stream: ({ params }) => this.inventory.parts({ q: params || null, pageSize: 20 }),
  });
  private readonly mine = rxResource({ stream: () => this.api.myStock({ pageSize: 1 }) });
  private readonly all = rxResource({ stream: () => this.inventory.warehouses() });
  /** The engineer's vans first (what they restock), then the enterprise's other warehouses they can see. */
  protected readonly warehouses = computed(() => {
    const vans = this.mine.value()?.vans ?? [];
    const others = (this.all.value()?.items ?? []).filter((w) => !vans.some((v) => v.id === w.id));
    return [...vans, ...others.map((w) => ({ id: w.id, name: w.name }))];
  });
  protected readonly busy = signal(false);
  protected readonly failure = signal<FormFailure | null>(null);

  constructor() {
    // The engineer's own van is where a missing part is usually wanted.
    effect(() => {
      const first = this.warehouses()[0];
      if (first && !this.form.controls.warehouseId.value) this.form.controls.warehouseId.setValue(first.id);
    });
  }

  protected partText = (p: Part | string | null): string => (p && typeof p === 'object' ? `${p.code} ${p.name}` : (p ?? ''));

  protected choose(event: MatAutocompleteSelectedEvent): void {
    this.form.controls.partId.setValue((event.option.value as Part).id);
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.busy.set(true);
    this.failure.set(null);
    this.api
      .requestMissing(this.data.workOrderId, { lines: [{ partId: v.partId, warehouseId: v.warehouseId, quantity: Number(v.quantity) }], ...(v.note.trim() ? { note: v.note.trim() } : {}) })
      .subscribe({
        next: (answer) => this.ref.close(answer),
        error: (error: unknown) => {
          this.busy.set(false);
          this.failure.set(formFailure(error, this.form, { 'lines[0].partId': 'partId', 'lines[0].warehouseId': 'warehouseId', 'lines.0.quantity': 'quantity' }));
        },
      });
  }
}
