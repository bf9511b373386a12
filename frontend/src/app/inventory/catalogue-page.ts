import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';
import { LocaleService } from '../core/i18n/locale.service';
import { base64Of, saveFile } from '../organization/members/member-files';
import { FieldErrorText } from '../shared/forms/field-error';
import { formFailure, type FormFailure } from '../shared/forms/form-failure';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { InventoryApi } from './inventory.api';
import { fenOf, PART_UNITS, yuan, type Part, type PartImportReport } from './inventory.model';

/** `人本:12.50；SKF:18` → suppliers in fen; null when a price is not yuan with at most 2 decimals. */
export const suppliersOf = (text: string): { name: string; priceFen: number }[] | null => {
  const items = text.split(/[;；]/).map((s) => s.trim()).filter((s) => s !== '');
  const suppliers = items.map((item) => {
    const [name = '', price = ''] = item.split(/[:：]/).map((s) => s.trim());
    const priceFen = fenOf(price);
    return name && priceFen !== null ? { name, priceFen } : null;
  });
  return suppliers.every((s) => s !== null) ? (suppliers as { name: string; priceFen: number }[]) : null;
};

/** 配件目录: the classification tree, the parts in it (server-side table), the part editor, import and export. */
@Component({
  selector: 'kg-catalogue-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatPaginatorModule,
    MatSelectModule,
    MatTableModule,
    TranslocoPipe,
    FieldErrorText,
    LoadingPanel,
    StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="layout">
      <aside class="kg-card tree" data-testid="category-tree">
        <h2><mat-icon aria-hidden="true">account_tree</mat-icon>{{ 'inventory.catalogue.tree' | transloco }}</h2>
        @if (!categories.hasValue()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else if (categories.value().items.length === 0) {
          <p class="sub">{{ 'inventory.catalogue.noCategories' | transloco }}</p>
        } @else {
          <ul>
            <li><button mat-button [class.on]="!query().category" (click)="to.filter({ category: '' })">{{ 'common.all' | transloco }}</button></li>
            @for (c of categories.value().items; track c.id) {
              <li [style.padding-inline-start.px]="(c.depth - 1) * 16">
                <button mat-button [class.on]="query().category === c.code" (click)="to.filter({ category: c.code })">
                  <span class="kg-mono">{{ c.code }}</span> {{ c.name }} <span class="sub">({{ c.partCount }})</span>
                </button>
              </li>
            }
          </ul>
        }
        @if (canCreate()) {
          <form [formGroup]="categoryForm" #categoryDirective="ngForm" (ngSubmit)="addCategory(categoryDirective)" class="stack">
            <mat-form-field>
              <mat-label>{{ 'inventory.fields.categoryCode' | transloco }}</mat-label>
              <input matInput formControlName="code" data-testid="category-code" />
              <mat-hint>{{ 'inventory.catalogue.codeHint' | transloco }}</mat-hint>
              <kg-field-error [control]="categoryForm.controls.code" />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'inventory.fields.name' | transloco }}</mat-label>
              <input matInput formControlName="name" data-testid="category-name" />
              <kg-field-error [control]="categoryForm.controls.name" />
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'inventory.fields.parent' | transloco }}</mat-label>
              <mat-select formControlName="parentCode">
                <mat-option value="">{{ 'inventory.catalogue.root' | transloco }}</mat-option>
                @for (c of categories.value()?.items ?? []; track c.id) {
                  <mat-option [value]="c.code">{{ c.code }} · {{ c.name }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <button mat-stroked-button type="submit" data-testid="category-submit">{{ 'inventory.catalogue.addCategory' | transloco }}</button>
          </form>
        }
      </aside>

      <div class="main">
        <section class="kg-card">
          <div class="kg-filters">
            <mat-form-field>
              <mat-label>{{ 'common.search' | transloco }}</mat-label>
              <input matInput #search [value]="query().q" (keydown.enter)="to.filter({ q: search.value.trim() })" [placeholder]="'inventory.catalogue.searchHint' | transloco" />
              <mat-icon matSuffix>search</mat-icon>
            </mat-form-field>
            <div class="kg-actions">
              @if (canCreate()) {
                <button mat-flat-button (click)="edit(null)" data-testid="new-part"><mat-icon>add</mat-icon>{{ 'inventory.catalogue.newPart' | transloco }}</button>
                <input #file type="file" hidden accept=".csv,.xlsx" (change)="import(file.files?.[0] ?? null); file.value = ''" />
                <button mat-stroked-button (click)="file.click()" [disabled]="importing()"><mat-icon>upload</mat-icon>{{ 'inventory.catalogue.import' | transloco }}</button>
              }
              <button mat-stroked-button [matMenuTriggerFor]="exportMenu"><mat-icon>download</mat-icon>{{ 'inventory.catalogue.export' | transloco }}</button>
              <mat-menu #exportMenu="matMenu">
                <button mat-menu-item (click)="export('xlsx')">Excel (XLSX)</button>
                <button mat-menu-item (click)="export('csv')">CSV</button>
              </mat-menu>
            </div>
          </div>
          @if (importFailed() !== null) {
            <kg-state-panel tone="error" icon="error" [title]="'inventory.catalogue.importFailed' | transloco" [message]="importFailed()!" />
          }
          @if (report(); as r) {
            <div role="status" class="report" data-testid="import-report">
              <strong>{{ 'inventory.catalogue.report' | transloco: { imported: r.imported, rejected: r.rejected.length } }}</strong>
              <ul>
                @for (x of r.rejected; track x.row + x.field) {
                  <li>{{ x.message }}</li>
                }
              </ul>
              <button mat-button (click)="report.set(null)">{{ 'common.dismiss' | transloco }}</button>
            </div>
          }
          @if (parts.error()) {
            <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
              <button mat-flat-button (click)="parts.reload()">{{ 'common.retry' | transloco }}</button>
            </kg-state-panel>
          } @else if (!parts.hasValue()) {
            <kg-loading-panel [label]="'common.loading' | transloco" />
          } @else if (parts.value().items.length === 0) {
            <kg-state-panel icon="category" [title]="'inventory.catalogue.none' | transloco" [message]="'inventory.catalogue.noneHint' | transloco" />
          } @else {
            <div class="kg-table-scroll">
              <table mat-table [dataSource]="parts.value().items" class="kg-stack-table" data-testid="parts">
                <ng-container matColumnDef="code">
                  <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.code' | transloco }}</th>
                  <td mat-cell *matCellDef="let p" class="kg-mono" [attr.data-label]="'inventory.fields.code' | transloco">{{ p.code }}</td>
                </ng-container>
                <ng-container matColumnDef="name">
                  <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.name' | transloco }}</th>
                  <td mat-cell *matCellDef="let p" [attr.data-label]="'inventory.fields.name' | transloco">{{ p.name }}<div class="sub">{{ p.model }} {{ p.maker }}</div></td>
                </ng-container>
                <ng-container matColumnDef="unit">
                  <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.unit' | transloco }}</th>
                  <td mat-cell *matCellDef="let p" [attr.data-label]="'inventory.fields.unit' | transloco">{{ 'inventory.units.' + p.unit | transloco }}</td>
                </ng-container>
                <ng-container matColumnDef="price">
                  <th mat-header-cell *matHeaderCellDef>{{ 'inventory.fields.suppliers' | transloco }}</th>
                  <td mat-cell *matCellDef="let p" [attr.data-label]="'inventory.fields.suppliers' | transloco">
                    @for (s of p.suppliers; track s.name) {
                      <div>{{ s.name }} {{ yuan(s.priceFen) }}</div>
                    } @empty {
                      —
                    }
                  </td>
                </ng-container>
                <ng-container matColumnDef="actions">
                  <th mat-header-cell *matHeaderCellDef></th>
                  <td mat-cell *matCellDef="let p">
                    @if (canUpdate()) {
                      <button mat-button (click)="edit(p)">{{ 'inventory.catalogue.edit' | transloco }}</button>
                    }
                  </td>
                </ng-container>
                <tr mat-header-row *matHeaderRowDef="columns"></tr>
                <tr mat-row *matRowDef="let row; columns: columns"></tr>
              </table>
            </div>
          }
          <mat-paginator [length]="parts.value()?.total ?? 0" [pageIndex]="query().page - 1" [pageSize]="query().pageSize" [pageSizeOptions]="pageSizes" (page)="to.page($event)" />
        </section>

        @if (editing() !== undefined) {
          <section class="kg-card" data-testid="part-editor">
            <h2>{{ (editing() ? 'inventory.catalogue.editPart' : 'inventory.catalogue.newPart') | transloco }} {{ editing()?.code ?? '' }}</h2>
            <form [formGroup]="partForm" (ngSubmit)="savePart()" class="kg-form-grid">
              @if (!editing()) {
                <mat-form-field>
                  <mat-label>{{ 'inventory.fields.category' | transloco }}</mat-label>
                  <mat-select formControlName="categoryCode" data-testid="part-category">
                    @for (c of categories.value()?.items ?? []; track c.id) {
                      <mat-option [value]="c.code">{{ c.code }} · {{ c.name }}</mat-option>
                    }
                  </mat-select>
                  <kg-field-error [control]="partForm.controls.categoryCode" />
                </mat-form-field>
                <mat-form-field>
                  <mat-label>{{ 'inventory.fields.code' | transloco }}</mat-label>
                  <input matInput formControlName="code" [placeholder]="'inventory.catalogue.partCodeHint' | transloco" />
                  <kg-field-error [control]="partForm.controls.code" />
                </mat-form-field>
              }
              <mat-form-field>
                <mat-label>{{ 'inventory.fields.name' | transloco }}</mat-label>
                <input matInput formControlName="name" data-testid="part-name" />
                <kg-field-error [control]="partForm.controls.name" />
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ 'inventory.fields.model' | transloco }}</mat-label>
                <input matInput formControlName="model" />
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ 'inventory.fields.spec' | transloco }}</mat-label>
                <input matInput formControlName="spec" />
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ 'inventory.fields.maker' | transloco }}</mat-label>
                <input matInput formControlName="maker" />
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ 'inventory.fields.unit' | transloco }}</mat-label>
                <mat-select formControlName="unit">
                  @for (u of units; track u) {
                    <mat-option [value]="u">{{ 'inventory.units.' + u | transloco }}</mat-option>
                  }
                </mat-select>
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ 'inventory.fields.safetyStock' | transloco }}</mat-label>
                <input matInput type="number" formControlName="safetyStock" />
                <kg-field-error [control]="partForm.controls.safetyStock" />
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ 'inventory.fields.suppliers' | transloco }}</mat-label>
                <input matInput formControlName="suppliers" [placeholder]="'inventory.catalogue.suppliersHint' | transloco" />
                <kg-field-error [control]="partForm.controls.suppliers" />
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ 'inventory.fields.compatibleModels' | transloco }}</mat-label>
                <input matInput formControlName="compatibleModels" [placeholder]="'inventory.catalogue.modelsHint' | transloco" />
                <kg-field-error [control]="partForm.controls.compatibleModels" />
              </mat-form-field>
              <div class="kg-actions">
                <button mat-flat-button type="submit" [disabled]="busy()" data-testid="part-submit">{{ 'common.save' | transloco }}</button>
                <button mat-button type="button" (click)="editing.set(undefined)">{{ 'common.cancel' | transloco }}</button>
              </div>
            </form>
            @if (failure(); as f) {
              <kg-state-panel tone="error" icon="error" [title]="'inventory.move.refused' | transloco" [message]="f.message ?? ''" />
            }
          </section>
        }
      </div>
    </div>
  `,
  styles: `
    .layout {
      display: grid;
      grid-template-columns: minmax(220px, 280px) 1fr;
      gap: 16px;
      align-items: start;
    }
    @media (max-width: 800px) {
      .layout {
        grid-template-columns: 1fr;
      }
    }
    .main {
      display: flex;
      flex-direction: column;
      gap: 16px;
      min-width: 0;
    }
    .tree ul {
      list-style: none;
      margin: 0 0 12px;
      padding: 0;
    }
    .tree button.on {
      background: var(--mat-sys-secondary-container);
    }
    .stack {
      display: flex;
      flex-direction: column;
    }
    .sub {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .kg-form-grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
      gap: 0 12px;
      align-items: start;
    }
  `,
})
export class CataloguePage {
  private readonly api = inject(InventoryApi);
  private readonly context = inject(ActiveContext);
  private readonly locale = inject(LocaleService);
  private readonly document = inject(DOCUMENT);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly units = PART_UNITS;
  protected readonly yuan = yuan;
  protected readonly columns = ['code', 'name', 'unit', 'price', 'actions'];
  protected readonly canCreate = computed(() => this.context.can('part:create'));
  protected readonly canUpdate = computed(() => this.context.can('part:update'));
  readonly category = input<string>();
  readonly q = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();
  protected readonly query = computed(() => ({ category: this.category() ?? '', q: this.q() ?? '', page: pageNumber(this.page()), pageSize: pageSizeOf(this.pageSize()) }));
  protected readonly categories = rxResource({ stream: () => this.api.categories() });
  protected readonly parts = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.parts(params) });
  /** undefined: no editor open; null: a new part; a part: editing it. */
  protected readonly editing = signal<Part | null | undefined>(undefined);
  protected readonly busy = signal(false);
  protected readonly failure = signal<FormFailure | null>(null);
  protected readonly report = signal<PartImportReport | null>(null);
  protected readonly importing = signal(false);
  protected readonly importFailed = signal<string | null>(null);

  protected readonly categoryForm = new FormGroup({
    code: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^[A-Z0-9]{2,12}$/)] }),
    name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    parentCode: new FormControl('', { nonNullable: true }),
  });
  protected readonly partForm = new FormGroup({
    categoryCode: new FormControl('', { nonNullable: true }),
    code: new FormControl('', { nonNullable: true }),
    name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    model: new FormControl('', { nonNullable: true }),
    spec: new FormControl('', { nonNullable: true }),
    maker: new FormControl('', { nonNullable: true }),
    unit: new FormControl('pcs', { nonNullable: true }),
    safetyStock: new FormControl<number>(0, { nonNullable: true, validators: [Validators.min(0)] }),
    suppliers: new FormControl('', { nonNullable: true }),
    compatibleModels: new FormControl('', { nonNullable: true }),
  });

  protected addCategory(directive: FormGroupDirective): void {
    if (this.categoryForm.invalid) {
      this.categoryForm.markAllAsTouched();
      return;
    }
    const v = this.categoryForm.getRawValue();
    this.api.createCategory({ code: v.code, name: v.name, parentCode: v.parentCode || null }).subscribe({
      next: () => {
        // The directive's reset also clears its submitted flag, so the emptied fields do not show as errors.
        directive.resetForm({ code: '', name: '', parentCode: '' });
        this.categories.reload();
      },
      error: (error: unknown) => formFailure(error, this.categoryForm),
    });
  }

  protected edit(part: Part | null): void {
    this.failure.set(null);
    this.editing.set(part);
    this.partForm.reset({
      categoryCode: part?.categoryCode ?? this.query().category,
      code: '',
      name: part?.name ?? '',
      model: part?.model ?? '',
      spec: part?.spec ?? '',
      maker: part?.maker ?? '',
      unit: part?.unit ?? 'pcs',
      safetyStock: part?.safetyStock ?? 0,
      suppliers: part ? part.suppliers.map((s) => `${s.name}:${yuan(s.priceFen).replace(/[¥,]/g, '')}`).join('; ') : '',
      compatibleModels: part ? part.compatibleModels.join('; ') : '',
    });
  }

  protected savePart(): void {
    const v = this.partForm.getRawValue();
    const suppliers = suppliersOf(v.suppliers);
    if (suppliers === null) this.partForm.controls.suppliers.setErrors({ server: { field: 'suppliers', rule: 'supplier-format', message: '' } });
    if (this.partForm.invalid || suppliers === null) {
      this.partForm.markAllAsTouched();
      return;
    }
    const body = {
      name: v.name,
      model: v.model,
      spec: v.spec,
      maker: v.maker,
      unit: v.unit,
      safetyStock: Number(v.safetyStock),
      suppliers,
      compatibleModels: v.compatibleModels.split(/[;；,，]/).map((s) => s.trim()).filter((s) => s !== ''),
    };
    const current = this.editing();
    const request = current ? this.api.updatePart(current.id, body) : this.api.registerPart({ ...body, categoryCode: v.categoryCode, ...(v.code ? { code: v.code } : {}) });
    this.busy.set(true);
    this.failure.set(null);
    request.subscribe({
      next: () => {
        this.busy.set(false);
        this.editing.set(undefined);
        this.parts.reload();
        this.categories.reload();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.failure.set(formFailure(error, this.partForm));
      },
    });
  }

  protected async import(file: File | null): Promise<void> {
    if (!file) return;
    this.importFailed.set(null);
    this.importing.set(true);
    const content = await base64Of(file);
    this.api.importParts(file.name, content).subscribe({
      next: (report) => {
        this.importing.set(false);
        this.report.set(report);
        this.parts.reload();
        this.categories.reload();
      },
      error: (error: { error?: { message?: string } }) => {
        this.importing.set(false);
        this.importFailed.set(error.error?.message ?? '');
      },
    });
  }

  protected export(format: 'csv' | 'xlsx'): void {
    this.api.exportParts(format, this.locale.language()).subscribe((blob) => saveFile(blob, `parts.${format}`, this.document));
  }
}
