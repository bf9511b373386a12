import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { describeRequestError } from '../core/api/api-error';
import { ActiveContext } from '../core/context/active-context';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { SettlementsApi } from './settlements.api';
import { basisPointsOf, fenOf, percentOf, SKILL_LEVELS, yuan, type FeeScheduleDraft } from './settlements.model';

const money = () => new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^\d{1,9}(\.\d{1,2})?$/)] });
const rate = () => new FormControl('', { nonNullable: true, validators: [Validators.pattern(/^\d{1,3}(\.\d{1,2})?%?$/)] });
const labourRow = (skillLevel: string) => new FormGroup({ skillLevel: new FormControl(skillLevel, { nonNullable: true }), hourly: money() });
const bandRow = (upToKm = '') => new FormGroup({ upToKm: new FormControl(upToKm, { nonNullable: true, validators: [Validators.required, Validators.pattern(/^\d{1,6}$/)] }), price: money() });

/** The editor's form: yuan and percentages as typed, turned into fen and basis points on submit. */
export function feeScheduleForm() {
  return new FormGroup({
    effectiveFrom: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^\d{4}-\d{2}-\d{2}$/)] }),
    labourRates: new FormArray(SKILL_LEVELS.map((l) => labourRow(l))),
    travelBands: new FormArray([bandRow('10'), bandRow('30')]),
    platformFee: rate(),
    expertFee: rate(),
    note: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(500)] }),
  });
}

/** The draft body of the form; null while an amount or a rate is not one. */
export function feeScheduleDraftOf(form: ReturnType<typeof feeScheduleForm>, operatorNodeId: string): FeeScheduleDraft | null {
  const v = form.getRawValue();
  const labourRates = v.labourRates.map((r) => ({ skillLevel: r.skillLevel, hourlyFen: fenOf(r.hourly) }));
  const travelBands = v.travelBands.map((b) => ({ upToKm: Number(b.upToKm), fen: fenOf(b.price) }));
  const platformFeeRateBp = v.platformFee.trim() === '' ? 0 : basisPointsOf(v.platformFee);
  const expertFeeRateBp = v.expertFee.trim() === '' ? 0 : basisPointsOf(v.expertFee);
  if (labourRates.some((r) => r.hourlyFen === null) || travelBands.some((b) => b.fen === null) || platformFeeRateBp === null || expertFeeRateBp === null) return null;
  return {
    operatorNodeId,
    effectiveFrom: v.effectiveFrom,
    labourRates: labourRates.map((r) => ({ skillLevel: r.skillLevel, hourlyFen: r.hourlyFen as number })),
    travelBands: travelBands.map((b) => ({ upToKm: b.upToKm, fen: b.fen as number })),
    platformFeeRateBp,
    expertFeeRateBp,
    note: v.note.trim(),
  };
}

/** 收费标准: the fee schedules of my jurisdiction; operators draft and publish them. */
@Component({
  selector: 'kg-fee-schedules-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatPaginatorModule, MatSelectModule, MatTableModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (canDraft()) {
      <section class="kg-card">
        @if (!editing()) {
          <button mat-flat-button (click)="editing.set(true)" data-testid="new-schedule"><mat-icon>add</mat-icon>{{ 'settlements.fees.new' | transloco }}</button>
        } @else {
          <h3>{{ 'settlements.fees.new' | transloco }}</h3>
          <form [formGroup]="form" class="editor" (ngSubmit)="submit()">
            <mat-form-field>
              <mat-label>{{ 'settlements.fees.effectiveFrom' | transloco }}</mat-label>
              <input matInput type="date" formControlName="effectiveFrom" data-testid="effective-from" />
            </mat-form-field>
            <fieldset formArrayName="labourRates">
              <legend>{{ 'settlements.fees.labour' | transloco }}</legend>
              @for (row of form.controls.labourRates.controls; track row; let i = $index) {
                <mat-form-field [formGroupName]="i">
                  <mat-label>{{ 'settlements.levels.' + row.controls.skillLevel.value | transloco }}</mat-label>
                  <input matInput formControlName="hourly" inputmode="decimal" [attr.data-testid]="'hourly-' + row.controls.skillLevel.value" />
                  <span matTextSuffix>{{ 'settlements.fees.perHour' | transloco }}</span>
                </mat-form-field>
              }
            </fieldset>
            <fieldset formArrayName="travelBands">
              <legend>{{ 'settlements.fees.travel' | transloco }}</legend>
              @for (row of form.controls.travelBands.controls; track row; let i = $index) {
                <div class="band" [formGroupName]="i">
                  <mat-form-field>
                    <mat-label>{{ 'settlements.fees.upToKm' | transloco }}</mat-label>
                    <input matInput formControlName="upToKm" inputmode="numeric" />
                  </mat-form-field>
                  <mat-form-field>
                    <mat-label>{{ 'settlements.fees.bandPrice' | transloco }}</mat-label>
                    <input matInput formControlName="price" inputmode="decimal" />
                  </mat-form-field>
                  <button mat-icon-button type="button" (click)="form.controls.travelBands.removeAt(i)" [attr.aria-label]="'settlements.fees.removeBand' | transloco"><mat-icon>delete</mat-icon></button>
                </div>
              }
              <button mat-button type="button" (click)="form.controls.travelBands.push(band())"><mat-icon>add</mat-icon>{{ 'settlements.fees.addBand' | transloco }}</button>
            </fieldset>
            <div class="band">
              <mat-form-field>
                <mat-label>{{ 'settlements.fees.platformFee' | transloco }}</mat-label>
                <input matInput formControlName="platformFee" placeholder="5%" data-testid="platform-fee" />
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ 'settlements.fees.expertFee' | transloco }}</mat-label>
                <input matInput formControlName="expertFee" placeholder="10%" />
              </mat-form-field>
            </div>
            <mat-form-field>
              <mat-label>{{ 'settlements.fees.note' | transloco }}</mat-label>
              <input matInput formControlName="note" />
            </mat-form-field>
            @if (failure()) {
              <p class="kg-error" role="alert">{{ failure() }}</p>
            }
            <div class="actions">
              <button mat-button type="button" (click)="editing.set(false)">{{ 'common.cancel' | transloco }}</button>
              <button mat-flat-button type="submit" [disabled]="form.invalid || busy()" data-testid="save-schedule">{{ 'settlements.fees.saveDraft' | transloco }}</button>
            </div>
          </form>
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
        <kg-state-panel icon="price_change" [title]="'settlements.fees.none' | transloco" />
      } @else {
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="list.value().items" class="kg-stack-table" data-testid="fee-schedules">
            <ng-container matColumnDef="effectiveFrom">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fees.effectiveFrom' | transloco }}</th>
              <td mat-cell *matCellDef="let f" [attr.data-label]="'settlements.fees.effectiveFrom' | transloco">{{ f.effectiveFrom }}</td>
            </ng-container>
            <ng-container matColumnDef="status">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fields.status' | transloco }}</th>
              <td mat-cell *matCellDef="let f" [attr.data-label]="'settlements.fields.status' | transloco">
                <span class="kg-chip" [class.ok]="f.status === 'published'">{{ 'settlements.fees.statuses.' + f.status | transloco }}</span>
              </td>
            </ng-container>
            <ng-container matColumnDef="labour">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fees.labour' | transloco }}</th>
              <td mat-cell *matCellDef="let f" [attr.data-label]="'settlements.fees.labour' | transloco">
                @for (r of f.labourRates; track r.skillLevel) {
                  <div>{{ 'settlements.levels.' + r.skillLevel | transloco }} {{ yuan(r.hourlyFen) }}</div>
                }
              </td>
            </ng-container>
            <ng-container matColumnDef="rates">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fees.rates' | transloco }}</th>
              <td mat-cell *matCellDef="let f" [attr.data-label]="'settlements.fees.rates' | transloco">{{ percent(f.platformFeeRateBp) }} / {{ percent(f.expertFeeRateBp) }}</td>
            </ng-container>
            <ng-container matColumnDef="note">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.fees.note' | transloco }}</th>
              <td mat-cell *matCellDef="let f" [attr.data-label]="'settlements.fees.note' | transloco">{{ f.note || '—' }}</td>
            </ng-container>
            <ng-container matColumnDef="actions">
              <th mat-header-cell *matHeaderCellDef></th>
              <td mat-cell *matCellDef="let f">
                @if (f.status === 'draft' && canPublish()) {
                  <button mat-stroked-button (click)="publish(f.scheduleId)" [disabled]="busy()" data-testid="publish">{{ 'settlements.fees.publish' | transloco }}</button>
                }
              </td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        </div>
      }
      <mat-paginator [length]="list.value()?.total ?? 0" [pageIndex]="query().page - 1" [pageSize]="query().pageSize" [pageSizeOptions]="pageSizes" (page)="to.page($event)" />
    </section>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .editor,
    fieldset {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
    }
    .editor {
      flex-direction: column;
    }
    fieldset {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      margin: 0 0 12px;
    }
    .band {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
      align-items: center;
    }
    .actions {
      display: flex;
      gap: 8px;
      justify-content: flex-end;
    }
  `,
})
export class FeeSchedulesPage {
  private readonly api = inject(SettlementsApi);
  private readonly context = inject(ActiveContext);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly yuan = yuan;
  protected readonly percent = percentOf;
  protected readonly band = () => bandRow();
  protected readonly columns = ['effectiveFrom', 'status', 'labour', 'rates', 'note', 'actions'];
  readonly page = input<string>();
  readonly pageSize = input<string>();
  protected readonly query = computed(() => ({ page: pageNumber(this.page()), pageSize: pageSizeOf(this.pageSize()) }));
  protected readonly list = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.feeSchedules(params) });
  protected readonly canDraft = computed(() => this.context.active()?.kind === 'operator' && this.context.can('fee-schedule:create'));
  protected readonly canPublish = computed(() => this.context.active()?.kind === 'operator' && this.context.can('fee-schedule:publish'));
  protected readonly form = feeScheduleForm();
  protected readonly editing = signal(false);
  protected readonly busy = signal(false);
  protected readonly failure = signal<string | null>(null);

  protected submit(): void {
    const node = this.context.active();
    const draft = node ? feeScheduleDraftOf(this.form, node.id) : null;
    if (!draft) return;
    this.busy.set(true);
    this.api.draftFeeSchedule(draft).subscribe({
      next: () => {
        this.busy.set(false);
        this.editing.set(false);
        this.form.reset();
        this.list.reload();
      },
      error: (e: unknown) => this.refused(e),
    });
  }

  protected publish(id: string): void {
    this.busy.set(true);
    this.api.publishFeeSchedule(id).subscribe({
      next: () => {
        this.busy.set(false);
        this.list.reload();
      },
      error: (e: unknown) => this.refused(e),
    });
  }

  private refused(error: unknown): void {
    this.busy.set(false);
    const problem = describeRequestError(error);
    this.failure.set(problem?.kind === 'rejected' ? [problem.message, ...problem.fields.map((f) => `${f.field}: ${f.message}`)].filter(Boolean).join(' · ') : null);
  }
}
