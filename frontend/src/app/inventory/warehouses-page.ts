import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';
import { FieldErrorText } from '../shared/forms/field-error';
import { formFailure, type FormFailure } from '../shared/forms/form-failure';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { InventoryApi } from './inventory.api';
import { WAREHOUSE_KINDS } from './inventory.model';

/** 仓库: my enterprise's store rooms, sites and engineers' vans; open one. */
@Component({
  selector: 'kg-warehouses-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, MatTableModule, TranslocoPipe, FieldErrorText, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (canCreate()) {
      <section class="kg-card">
        <h2><mat-icon aria-hidden="true">warehouse</mat-icon>{{ 'inventory.warehouses.open' | transloco }}</h2>
        <form [formGroup]="form" #formDirective="ngForm" (ngSubmit)="open(formDirective)" class="kg-form-grid">
          <mat-form-field>
            <mat-label>{{ 'inventory.fields.name' | transloco }}</mat-label>
            <input matInput formControlName="name" data-testid="warehouse-name" />
            <kg-field-error [control]="form.controls.name" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'inventory.fields.kind' | transloco }}</mat-label>
            <mat-select formControlName="kind" data-testid="warehouse-kind">
              @for (k of kinds; track k) {
                <mat-option [value]="k">{{ 'inventory.warehouseKinds.' + k | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          @if (form.controls.kind.value === 'van') {
            <mat-form-field>
              <mat-label>{{ 'inventory.fields.engineerId' | transloco }}</mat-label>
              <input matInput formControlName="engineerId" />
              <kg-field-error [control]="form.controls.engineerId" />
            </mat-form-field>
          }
          <mat-form-field>
            <mat-label>{{ 'inventory.fields.address' | transloco }}</mat-label>
            <input matInput formControlName="address" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'inventory.fields.bins' | transloco }}</mat-label>
            <input matInput formControlName="bins" [placeholder]="'inventory.warehouses.binsHint' | transloco" />
            <kg-field-error [control]="form.controls.bins" />
          </mat-form-field>
          <div class="kg-actions">
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="warehouse-submit">{{ 'inventory.warehouses.open' | transloco }}</button>
          </div>
        </form>
        @if (failure(); as f) {
          <kg-state-panel tone="error" icon="error" [title]="'inventory.move.refused' | transloco" [message]="f.message ?? ''" />
        }
      </section>
    }
    <section class="kg-card">
      @if (list.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="list.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!list.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (list.value().items.length === 0) {
        <kg-state-panel icon="warehouse" [title]="'inventory.warehouses.none' | transloco" [message]="'inventory.warehouses.noneHint' | transloco" />
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="list.value().items" class="kg-stack-table" data-testid="warehouses">
            <ng-container matColumnDef="name">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.name' | transloco }}</th>
              <td mat-cell *matCellDef="let w" [attr.data-label]="'inventory.fields.name' | transloco">{{ w.name }}</td>
            </ng-container>
            <ng-container matColumnDef="kind">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.kind' | transloco }}</th>
              <td mat-cell *matCellDef="let w" [attr.data-label]="'inventory.fields.kind' | transloco">{{ 'inventory.warehouseKinds.' + w.kind | transloco }}</td>
            </ng-container>
            <ng-container matColumnDef="address">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.address' | transloco }}</th>
              <td mat-cell *matCellDef="let w" [attr.data-label]="'inventory.fields.address' | transloco">{{ w.address || '—' }}</td>
            </ng-container>
            <ng-container matColumnDef="bins">
              <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.bins' | transloco }}</th>
              <td mat-cell *matCellDef="let w" [attr.data-label]="'inventory.fields.bins' | transloco">{{ w.bins.join('、') || '—' }}</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        </div>
      }
    </section>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .kg-form-grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
      gap: 0 12px;
      align-items: start;
    }
  `,
})
export class WarehousesPage {
  private readonly api = inject(InventoryApi);
  private readonly context = inject(ActiveContext);
  protected readonly kinds = WAREHOUSE_KINDS;
  protected readonly columns = ['name', 'kind', 'address', 'bins'];
  protected readonly canCreate = computed(() => this.context.can('warehouse:create'));
  protected readonly list = rxResource({ stream: () => this.api.warehouses() });
  protected readonly busy = signal(false);
  protected readonly failure = signal<FormFailure | null>(null);
  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(100)] }),
    kind: new FormControl<string>('central', { nonNullable: true }),
    engineerId: new FormControl('', { nonNullable: true }),
    address: new FormControl('', { nonNullable: true }),
    bins: new FormControl('', { nonNullable: true }),
  });

  protected open(directive: FormGroupDirective): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const bins = v.bins.split(/[,，、\s]+/).filter((b) => b !== '');
    this.busy.set(true);
    this.failure.set(null);
    this.api.openWarehouse({ name: v.name, kind: v.kind, address: v.address, bins, engineerId: v.kind === 'van' ? v.engineerId || null : null }).subscribe({
      next: () => {
        this.busy.set(false);
        directive.resetForm({ name: '', kind: 'central', engineerId: '', address: '', bins: '' });
        this.list.reload();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.failure.set(formFailure(error, this.form));
      },
    });
  }
}
