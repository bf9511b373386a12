import { DOCUMENT } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';
import { LocaleService } from '../core/i18n/locale.service';
import { saveFile } from '../organization/members/member-files';
import { formatDateTime } from '../shared/format/date-time';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { AuditApi } from './audit.api';
import { AuditLabels } from './audit-labels';
import { AUDIT_RESULTS, COMMON_EVENT_TYPES, type AuditEntry, type AuditQuery } from './audit.model';

/** The message of an error body that arrived as a Blob ('' when it is not the common JSON body). */
async function messageOf(blob: Blob): Promise<string> {
  try {
    return (JSON.parse(await blob.text()) as { message?: string }).message ?? '';
  } catch {
    return '';
  }
}

/** 审计日志: every event of the log in the caller's scope, searched and paged on the server; export. */
@Component({
  selector: 'kg-audit-search-page',
  imports: [
    MatAutocompleteModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatPaginatorModule,
    MatSelectModule,
    MatTableModule,
    RouterLink,
    TranslocoPipe,
    LoadingPanel,
    StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header class="kg-page-head">
        <div>
          <h1>{{ 'audit.title' | transloco }}</h1>
          <p class="kg-lead">{{ 'audit.lead' | transloco }}</p>
        </div>
        @if (canExport()) {
          <div class="kg-actions">
            <button mat-stroked-button [matMenuTriggerFor]="exportMenu" [disabled]="exporting()" data-testid="audit-export">
              <mat-icon>download</mat-icon>{{ 'audit.export.button' | transloco }}
            </button>
            <mat-menu #exportMenu="matMenu">
              <button mat-menu-item (click)="export('xlsx')">{{ 'audit.export.xlsx' | transloco }}</button>
              <button mat-menu-item (click)="export('csv')">{{ 'audit.export.csv' | transloco }}</button>
            </mat-menu>
          </div>
        }
      </header>

      @if (exportFailed() !== null) {
        <kg-state-panel tone="error" icon="error" [title]="'audit.export.failed' | transloco" [message]="exportFailed()!">
          <button mat-button (click)="exportFailed.set(null)">{{ 'common.dismiss' | transloco }}</button>
        </kg-state-panel>
      }

      <section class="kg-card">
        <form class="kg-filters" (submit)="$event.preventDefault(); apply()" data-testid="audit-filters">
          <mat-form-field>
            <mat-label>{{ 'audit.filters.type' | transloco }}</mat-label>
            <input matInput #fType name="type" [value]="query().type" [matAutocomplete]="types" data-testid="filter-type" />
            <mat-autocomplete #types="matAutocomplete">
              @for (t of commonTypes; track t) {
                <mat-option [value]="t">{{ labels.type(t) }} · {{ t }}</mat-option>
              }
            </mat-autocomplete>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'audit.filters.stream' | transloco }}</mat-label>
            <input
              matInput
              #fStream
              name="stream"
              [value]="query().stream"
              [placeholder]="'audit.filters.streamHint' | transloco"
              data-testid="filter-stream"
            />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'audit.filters.actor' | transloco }}</mat-label>
            <input matInput #fActor name="actor" [value]="query().actor" data-testid="filter-actor" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'audit.filters.enterprise' | transloco }}</mat-label>
            <input matInput #fEnterprise name="enterpriseId" [value]="query().enterpriseId" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'audit.filters.node' | transloco }}</mat-label>
            <input matInput #fNode name="nodeId" [value]="query().nodeId" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'audit.filters.result' | transloco }}</mat-label>
            <mat-select #fResult [value]="query().result" data-testid="filter-result">
              <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
              @for (r of results; track r) {
                <mat-option [value]="r">{{ 'audit.results.' + r | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'audit.filters.from' | transloco }}</mat-label>
            <input matInput #fFrom type="date" name="from" [value]="query().from" />
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'audit.filters.to' | transloco }}</mat-label>
            <input matInput #fTo type="date" name="to" [value]="query().to" />
          </mat-form-field>
          <div class="kg-actions">
            <button
              mat-flat-button
              type="submit"
              data-testid="audit-search"
              (click)="
                pending.set({
                  type: fType.value.trim(),
                  stream: fStream.value.trim(),
                  actor: fActor.value.trim(),
                  enterpriseId: fEnterprise.value.trim(),
                  nodeId: fNode.value.trim(),
                  result: fResult.value ?? '',
                  from: fFrom.value,
                  to: fTo.value,
                })
              "
            >
              <mat-icon>search</mat-icon>{{ 'audit.filters.search' | transloco }}
            </button>
            @if (filtered()) {
              <button mat-button type="button" (click)="clear()">{{ 'audit.filters.clear' | transloco }}</button>
            }
          </div>
        </form>

        @if (list.error(); as error) {
          <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco" [message]="errorText(error)">
            <button mat-flat-button (click)="list.reload()">{{ 'common.retry' | transloco }}</button>
          </kg-state-panel>
        } @else if (!list.hasValue()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else if (list.value().items.length === 0) {
          <kg-state-panel
            icon="manage_search"
            [title]="(filtered() ? 'audit.noneMatching' : 'audit.none') | transloco"
            [message]="'audit.noneHint' | transloco"
          />
        } @else {
          <div class="kg-table-scroll">
            <table mat-table [dataSource]="list.value().items" class="kg-stack-table" data-testid="audit-entries">
              <ng-container matColumnDef="at">
                <th mat-header-cell *matHeaderCellDef>{{ 'audit.columns.at' | transloco }}</th>
                <td mat-cell *matCellDef="let e" [attr.data-label]="'audit.columns.at' | transloco">{{ time(e.at) }}</td>
              </ng-container>
              <ng-container matColumnDef="type">
                <th mat-header-cell *matHeaderCellDef>{{ 'audit.columns.type' | transloco }}</th>
                <td mat-cell *matCellDef="let e" [attr.data-label]="'audit.columns.type' | transloco">
                  <a [routerLink]="['/audit/entries', e.id]" data-testid="entry-link">{{ labels.type(e.type) }}</a>
                  <div class="sub kg-mono">{{ e.type }}</div>
                </td>
              </ng-container>
              <ng-container matColumnDef="result">
                <th mat-header-cell *matHeaderCellDef>{{ 'audit.columns.result' | transloco }}</th>
                <td mat-cell *matCellDef="let e" [attr.data-label]="'audit.columns.result' | transloco">
                  <span [class]="'kg-chip ' + tone(e)">{{ 'audit.results.' + e.result | transloco }}</span>
                </td>
              </ng-container>
              <ng-container matColumnDef="actor">
                <th mat-header-cell *matHeaderCellDef>{{ 'audit.columns.actor' | transloco }}</th>
                <td mat-cell *matCellDef="let e" [attr.data-label]="'audit.columns.actor' | transloco">
                  <span class="kg-mono">{{ e.actor ?? '—' }}</span>
                  @if (e.enterpriseId || e.nodeId) {
                    <div class="sub">
                      {{
                        (e.enterpriseId ? 'audit.columns.asEnterprise' : 'audit.columns.asNode')
                          | transloco: { id: e.enterpriseId ?? e.nodeId }
                      }}
                    </div>
                  }
                </td>
              </ng-container>
              <ng-container matColumnDef="ip">
                <th mat-header-cell *matHeaderCellDef>{{ 'audit.columns.ip' | transloco }}</th>
                <td mat-cell *matCellDef="let e" class="kg-mono" [attr.data-label]="'audit.columns.ip' | transloco">{{ e.ip ?? '—' }}</td>
              </ng-container>
              <ng-container matColumnDef="entity">
                <th mat-header-cell *matHeaderCellDef>{{ 'audit.columns.entity' | transloco }}</th>
                <td mat-cell *matCellDef="let e" [attr.data-label]="'audit.columns.entity' | transloco">
                  <a class="kg-mono" [routerLink]="['/audit/entities', e.stream]">{{ e.stream }}</a>
                  @if (e.summary) {
                    <div class="sub">{{ e.summary }}</div>
                  }
                </td>
              </ng-container>
              <tr mat-header-row *matHeaderRowDef="columns"></tr>
              <tr mat-row *matRowDef="let row; columns: columns" (dblclick)="open(row)"></tr>
            </table>
          </div>
        }
        @if (capped()) {
          <p class="kg-muted" data-testid="audit-capped">{{ 'audit.capped' | transloco }}</p>
        }
        <mat-paginator
          [length]="total()"
          [pageIndex]="query().page - 1"
          [pageSize]="query().pageSize"
          [pageSizeOptions]="pageSizes"
          (page)="to.page($event)"
        />
      </section>
    </div>
  `,
  styles: `
    .sub {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
      overflow-wrap: anywhere;
    }
    a {
      color: var(--mat-sys-primary);
    }
    .kg-mono {
      overflow-wrap: anywhere;
    }
  `,
})
export class AuditSearchPage {
  private readonly api = inject(AuditApi);
  private readonly context = inject(ActiveContext);
  private readonly locale = inject(LocaleService);
  private readonly document = inject(DOCUMENT);
  private readonly router = inject(Router);
  protected readonly labels = inject(AuditLabels);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly results = AUDIT_RESULTS;
  protected readonly commonTypes = COMMON_EVENT_TYPES;
  protected readonly columns = ['at', 'type', 'result', 'actor', 'ip', 'entity'];
  protected readonly canExport = computed(() => this.context.can('audit-log:export'));
  protected readonly pending = signal<Record<string, string>>({});
  protected readonly exporting = signal(false);
  protected readonly exportFailed = signal<string | null>(null);

  readonly actor = input<string>();
  readonly enterpriseId = input<string>();
  readonly nodeId = input<string>();
  readonly stream = input<string>();
  readonly type = input<string>();
  readonly result = input<string>();
  readonly from = input<string>();
  // `to` is the query-param writer; the bound input of the address's `to` is named toDate.
  readonly toDate = input<string>(undefined, { alias: 'to' });
  readonly page = input<string>();
  readonly pageSize = input<string>();

  protected readonly query = computed<AuditQuery>(() => ({
    actor: this.actor() ?? '',
    enterpriseId: this.enterpriseId() ?? '',
    nodeId: this.nodeId() ?? '',
    stream: this.stream() ?? '',
    type: this.type() ?? '',
    result: this.result() ?? '',
    from: this.from() ?? '',
    to: this.toDate() ?? '',
    sort: '',
    page: pageNumber(this.page()),
    pageSize: pageSizeOf(this.pageSize()),
  }));
  protected readonly filtered = computed(() => {
    const q = this.query();
    return Boolean(q.actor || q.enterpriseId || q.nodeId || q.stream || q.type || q.result || q.from || q.to);
  });
  protected readonly list = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.search(params) });
  protected readonly total = computed(() => (this.list.hasValue() ? this.list.value().total : 0));
  protected readonly capped = computed(() => this.list.hasValue() && this.list.value().totalCapped === true);

  protected apply(): void {
    this.to.filter(this.pending());
  }

  protected clear(): void {
    this.to.filter({ actor: '', enterpriseId: '', nodeId: '', stream: '', type: '', result: '', from: '', to: '' });
  }

  protected open(entry: AuditEntry): void {
    void this.router.navigate(['/audit/entries', entry.id]);
  }

  protected time(at: string): string {
    return formatDateTime(at, this.locale.language());
  }

  protected tone(entry: AuditEntry): string {
    return entry.result === 'success' ? 'ok' : entry.result === 'denied' ? 'down' : 'warn';
  }

  protected errorText(error: unknown): string {
    const body = error instanceof HttpErrorResponse ? (error.error as { errors?: { field: string; message: string }[] } | null) : null;
    return body?.errors?.map((e) => `${e.field}: ${e.message}`).join('; ') ?? '';
  }

  protected export(format: 'xlsx' | 'csv'): void {
    this.exporting.set(true);
    this.exportFailed.set(null);
    this.api.export(format, this.locale.language(), this.query()).subscribe({
      next: (blob) => {
        this.exporting.set(false);
        saveFile(blob, `audit-log.${format}`, this.document);
      },
      error: async (error: unknown) => {
        this.exporting.set(false);
        // The body of a refused blob request is a Blob too: read its message.
        const blob = error instanceof HttpErrorResponse && error.error instanceof Blob ? error.error : null;
        this.exportFailed.set(blob ? await messageOf(blob) : '');
      },
    });
  }
}
