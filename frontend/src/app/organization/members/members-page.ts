import { Clipboard } from '@angular/cdk/clipboard';
import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { type Observable, filter, forkJoin, of } from 'rxjs';
import { LocaleService } from '../../core/i18n/locale.service';
import { formatDateTime } from '../../shared/format/date-time';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../../shared/table/paging';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { ActiveContext } from '../../core/context/active-context';
import { StatusChip } from '../../shared/ui/status-chip';
import { activeEnterpriseId } from '../active-enterprise';
import { departmentTree } from '../departments/department-tree';
import { NoEnterprise } from '../no-enterprise';
import { OrganizationApi } from '../organization.api';
import type { ImportReport, Invitation, Member } from '../organization.model';
import { labelIn } from '../roles/permission-matrix.model';
import { ReasonDialog, RolesDialog } from './member-dialogs';
import { base64Of, saveFile } from './member-files';

const STATUSES = ['active', 'requested', 'invited', 'departed'];

/** 员工管理: the enterprise's members, join requests, invitations, import and export. */
@Component({
  selector: 'kg-members-page',
  imports: [
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
    StatusChip,
    NoEnterprise,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header class="kg-page-head">
        <div>
          <h1>{{ 'members.title' | transloco }}</h1>
          <p class="kg-lead">{{ 'members.lead' | transloco }}</p>
        </div>
        @if (enterpriseId()) {
          <div class="kg-actions">
            @if (canCreate()) {
              <button mat-flat-button (click)="invite()" data-testid="invite">
                <mat-icon>person_add</mat-icon>{{ 'members.invite' | transloco }}
              </button>
              <input
                #file
                type="file"
                hidden
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                (change)="import(file.files?.[0] ?? null); file.value = ''"
              />
              <button mat-stroked-button (click)="file.click()"><mat-icon>upload</mat-icon>{{ 'members.import' | transloco }}</button>
            }
            @if (canExport()) {
              <button mat-stroked-button [matMenuTriggerFor]="exportMenu">
                <mat-icon>download</mat-icon>{{ 'members.export' | transloco }}
              </button>
              <mat-menu #exportMenu="matMenu">
                <button mat-menu-item (click)="export('csv')">CSV</button>
                <button mat-menu-item (click)="export('xlsx')">Excel (XLSX)</button>
              </mat-menu>
            }
          </div>
        }
      </header>
      @if (!enterpriseId()) {
        <kg-no-enterprise />
      } @else {
        @if (invitation(); as inv) {
          <section class="kg-card" role="status" data-testid="invitation">
            <h2><mat-icon aria-hidden="true">link</mat-icon>{{ 'members.invitation' | transloco }}</h2>
            <p class="link kg-mono">{{ inv.link }}</p>
            <div class="kg-actions">
              <button mat-stroked-button (click)="copy(inv.link)">
                <mat-icon>{{ copied() ? 'check' : 'content_copy' }}</mat-icon>{{
                  (copied() ? 'members.copied' : 'members.copy') | transloco
                }}
              </button>
              <span class="hint">{{ 'members.expires' | transloco: { time: time(inv.expiresAt) } }}</span>
              <button mat-button (click)="invitation.set(null)">{{ 'common.dismiss' | transloco }}</button>
            </div>
          </section>
        }
        @if (report(); as r) {
          <section class="kg-card" role="status" data-testid="import-report">
            <h2>
              <mat-icon aria-hidden="true">fact_check</mat-icon
              >{{ 'members.report.title' | transloco: { imported: r.imported, rejected: r.rejected.length } }}
            </h2>
            @if (r.rejected.length) {
              <div class="kg-table-scroll">
                <table mat-table [dataSource]="r.rejected" class="kg-stack-table">
                  <ng-container matColumnDef="row">
                    <th mat-header-cell *matHeaderCellDef>{{ 'members.report.row' | transloco }}</th>
                    <td mat-cell *matCellDef="let x" [attr.data-label]="'members.report.row' | transloco">{{ x.row }}</td>
                  </ng-container>
                  <ng-container matColumnDef="field">
                    <th mat-header-cell *matHeaderCellDef>{{ 'members.report.field' | transloco }}</th>
                    <td mat-cell *matCellDef="let x" [attr.data-label]="'members.report.field' | transloco">{{ x.field }}</td>
                  </ng-container>
                  <ng-container matColumnDef="message">
                    <th mat-header-cell *matHeaderCellDef>{{ 'members.report.message' | transloco }}</th>
                    <td mat-cell *matCellDef="let x" [attr.data-label]="'members.report.message' | transloco">{{ x.message }}</td>
                  </ng-container>
                  <tr mat-header-row *matHeaderRowDef="reportColumns"></tr>
                  <tr mat-row *matRowDef="let row; columns: reportColumns"></tr>
                </table>
              </div>
            }
            <button mat-button (click)="report.set(null)">{{ 'common.dismiss' | transloco }}</button>
          </section>
        }
        <section class="kg-card">
          <div class="kg-filters">
            <mat-form-field>
              <mat-label>{{ 'members.status' | transloco }}</mat-label>
              <mat-select [value]="query().status" (valueChange)="to.filter({ status: $event })" data-testid="member-status">
                @for (s of statuses; track s) {
                  <mat-option [value]="s">{{ 'tenancy.statuses.' + s | transloco }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'members.department' | transloco }}</mat-label>
              <mat-select [value]="query().departmentId" (valueChange)="to.filter({ departmentId: $event })">
                <mat-option value="">{{ 'common.all' | transloco }}</mat-option>
                @for (d of departments(); track d.id) {
                  <mat-option [value]="d.id">{{ indent(d.depth) }}{{ d.name }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'common.search' | transloco }}</mat-label>
              <input matInput #search [value]="query().q" (keydown.enter)="to.filter({ q: search.value.trim() })" />
              <mat-icon matSuffix>search</mat-icon>
            </mat-form-field>
          </div>
          @if (list.error()) {
            <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
              <button mat-flat-button (click)="list.reload()">{{ 'common.retry' | transloco }}</button>
            </kg-state-panel>
          } @else if (!list.hasValue()) {
            <kg-loading-panel [label]="'common.loading' | transloco" />
          } @else if (rows().length === 0) {
            <kg-state-panel icon="group" [title]="'members.none' | transloco" />
          } @else {
            <table mat-table [dataSource]="rows()" class="kg-stack-table" data-testid="members">
              <ng-container matColumnDef="name">
                <th mat-header-cell *matHeaderCellDef>{{ 'members.name' | transloco }}</th>
                <td mat-cell *matCellDef="let m" [attr.data-label]="'members.name' | transloco">{{ m.displayName }}</td>
              </ng-container>
              <ng-container matColumnDef="phone">
                <th mat-header-cell *matHeaderCellDef>{{ 'members.phone' | transloco }}</th>
                <td mat-cell *matCellDef="let m" class="kg-mono" [attr.data-label]="'members.phone' | transloco">{{ m.phone }}</td>
              </ng-container>
              <ng-container matColumnDef="department">
                <th mat-header-cell *matHeaderCellDef>{{ 'members.department' | transloco }}</th>
                <td mat-cell *matCellDef="let m" [attr.data-label]="'members.department' | transloco">{{ m.departmentName }}</td>
              </ng-container>
              <ng-container matColumnDef="roles">
                <th mat-header-cell *matHeaderCellDef>{{ 'members.roles' | transloco }}</th>
                <td mat-cell *matCellDef="let m" [attr.data-label]="'members.roles' | transloco">
                  @for (r of m.roleNames; track r) {
                    <span class="kg-chip">{{ r }}</span>
                  }
                </td>
              </ng-container>
              <ng-container matColumnDef="status">
                <th mat-header-cell *matHeaderCellDef>{{ 'members.status' | transloco }}</th>
                <td mat-cell *matCellDef="let m" [attr.data-label]="'members.status' | transloco"><kg-status [value]="m.status" /></td>
              </ng-container>
              <ng-container matColumnDef="since">
                <th mat-header-cell *matHeaderCellDef>{{ 'members.since' | transloco }}</th>
                <td mat-cell *matCellDef="let m" [attr.data-label]="'members.since' | transloco">{{ m.sinceText }}</td>
              </ng-container>
              <ng-container matColumnDef="actions">
                <th mat-header-cell *matHeaderCellDef>
                  <span class="cdk-visually-hidden">{{ 'members.actions' | transloco }}</span>
                </th>
                <td mat-cell *matCellDef="let m" [attr.data-label]="'members.actions' | transloco">
                  @if (canUpdate()) {
                    <button
                      mat-icon-button
                      [matMenuTriggerFor]="rowMenu"
                      [matMenuTriggerData]="{ m }"
                      [attr.aria-label]="'members.actionsFor' | transloco: { name: m.displayName }"
                      [attr.data-member]="m.displayName"
                    >
                      <mat-icon>more_vert</mat-icon>
                    </button>
                  }
                </td>
              </ng-container>
              <tr mat-header-row *matHeaderRowDef="columns"></tr>
              <tr mat-row *matRowDef="let row; columns: columns"></tr>
            </table>
          }
          <mat-paginator
            [length]="total()"
            [pageIndex]="query().page - 1"
            [pageSize]="query().pageSize"
            [pageSizeOptions]="pageSizes"
            (page)="to.page($event)"
          />
        </section>
      }
    </div>

    <mat-menu #rowMenu="matMenu">
      <ng-template matMenuContent let-m="m">
        @if (m.status === 'requested') {
          <button mat-menu-item (click)="approve(m)"><mat-icon>how_to_reg</mat-icon>{{ 'members.approve' | transloco }}</button>
          <button mat-menu-item (click)="decline(m)"><mat-icon>person_remove</mat-icon>{{ 'members.decline' | transloco }}</button>
        } @else if (m.status === 'active') {
          <button mat-menu-item [matMenuTriggerFor]="deptMenu" [matMenuTriggerData]="{ m }">
            <mat-icon>drive_file_move</mat-icon>{{ 'members.moveTo' | transloco }}
          </button>
          <button mat-menu-item (click)="editRoles(m)"><mat-icon>badge</mat-icon>{{ 'members.editRoles' | transloco }}</button>
          <a mat-menu-item [routerLink]="['/organization/members', m.userId, 'overrides']" [queryParams]="{ name: m.displayName }"
            ><mat-icon>tune</mat-icon>{{ 'members.overrides' | transloco }}</a
          >
          <button mat-menu-item (click)="depart(m)"><mat-icon>logout</mat-icon>{{ 'members.departure' | transloco }}</button>
        }
      </ng-template>
    </mat-menu>
    <mat-menu #deptMenu="matMenu">
      <ng-template matMenuContent let-m="m">
        @for (d of departments(); track d.id) {
          <button
            mat-menu-item
            [disabled]="d.id === m.departmentId"
            (click)="run(api.updateMember(enterpriseId()!, m.userId, { departmentId: d.id }))"
          >
            {{ indent(d.depth) }}{{ d.name }}
          </button>
        }
      </ng-template>
    </mat-menu>
  `,
  styles: `
    .link {
      overflow-wrap: anywhere;
      padding: 8px 12px;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-surface-container);
    }
    .hint {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class MembersPage {
  protected readonly api = inject(OrganizationApi);
  private readonly context = inject(ActiveContext);
  private readonly locale = inject(LocaleService);
  private readonly dialog = inject(MatDialog);
  private readonly clipboard = inject(Clipboard);
  private readonly document = inject(DOCUMENT);
  protected readonly enterpriseId = activeEnterpriseId();
  protected readonly to = queryParamWriter();
  protected readonly statuses = STATUSES;
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = ['name', 'phone', 'department', 'roles', 'status', 'since', 'actions'];
  protected readonly reportColumns = ['row', 'field', 'message'];
  protected readonly canCreate = computed(() => this.context.can('member:create'));
  protected readonly canUpdate = computed(() => this.context.can('member:update'));
  protected readonly canExport = computed(() => this.context.can('member:read'));
  readonly status = input<string>();
  readonly departmentId = input<string>();
  readonly q = input<string>();
  readonly page = input<string>();
  readonly pageSize = input<string>();

  protected readonly query = computed(() => ({
    // The backend lists active members unless asked for another status.
    status: this.status() || 'active',
    departmentId: this.departmentId() ?? '',
    q: this.q() ?? '',
    page: pageNumber(this.page()),
    pageSize: pageSizeOf(this.pageSize()),
  }));
  protected readonly list = rxResource({
    params: () => (this.enterpriseId() ? { enterpriseId: this.enterpriseId()!, query: this.query() } : undefined),
    stream: ({ params }) => this.api.members(params.enterpriseId, params.query),
  });
  // Departments and roles name what the member rows hold as ids.
  protected readonly lookups = rxResource({
    params: () => this.enterpriseId() ?? undefined,
    stream: ({ params }) => forkJoin({ departments: this.api.departments(params), roles: this.api.roles(params) }),
  });
  protected readonly departments = computed(() =>
    this.lookups.hasValue() ? departmentTree(this.lookups.value().departments, this.locale.language()) : [],
  );
  private readonly roles = computed(() => (this.lookups.hasValue() ? this.lookups.value().roles : []));
  protected readonly total = computed(() => (this.list.hasValue() ? this.list.value().total : 0));
  protected readonly rows = computed(() => {
    const language = this.locale.language();
    const departments = new Map(this.departments().map((d) => [d.id, d.name]));
    const roles = new Map(this.roles().map((r) => [r.id, r.label ? labelIn(r.label, language) : r.name]));
    return (this.list.hasValue() ? this.list.value().items : []).map((m) => ({
      ...m,
      departmentName: (m.departmentId && departments.get(m.departmentId)) || '—',
      roleNames: m.roles.map((r) => roles.get(r) ?? r),
      sinceText: formatDateTime(m.since, language),
    }));
  });
  protected readonly invitation = signal<Invitation | null>(null);
  protected readonly copied = signal(false);
  protected readonly report = signal<ImportReport | null>(null);

  /** Em spaces: a select's options cannot nest, so depth shows as indentation. */
  protected indent(depth: number): string {
    return '\u2003'.repeat(depth);
  }

  protected time(value: string): string {
    return formatDateTime(value, this.locale.language());
  }

  protected invite(): void {
    this.api.invite(this.enterpriseId()!).subscribe((invitation) => {
      this.copied.set(false);
      this.invitation.set(invitation);
    });
  }

  protected copy(text: string): void {
    this.copied.set(this.clipboard.copy(text));
  }

  protected async import(file: File | null): Promise<void> {
    if (!file) return;
    const content = await base64Of(file);
    this.api.importMembers(this.enterpriseId()!, file.name, content).subscribe({
      next: (report) => {
        this.report.set(report);
        this.list.reload();
      },
      error: () => this.report.set(null),
    });
  }

  protected export(format: 'csv' | 'xlsx'): void {
    this.api
      .exportMembers(this.enterpriseId()!, format, this.locale.language())
      .subscribe((blob) => saveFile(blob, `members.${format}`, this.document));
  }

  protected approve(m: Member): void {
    // Built-in 'member' is the usual start: an approval needs at least one role.
    this.askRoles('members.approveTitle', m, ['member']).subscribe((roles) =>
      this.run(this.api.approveMember(this.enterpriseId()!, m.userId, roles)),
    );
  }

  protected editRoles(m: Member): void {
    this.askRoles('members.editRoles', m, m.roles).subscribe((roles) =>
      this.run(this.api.updateMember(this.enterpriseId()!, m.userId, { roles })),
    );
  }

  protected decline(m: Member): void {
    this.askReason('members.declineTitle', m).subscribe((reason) =>
      this.run(this.api.declineMember(this.enterpriseId()!, m.userId, reason)),
    );
  }

  protected depart(m: Member): void {
    this.askReason('members.departureTitle', m).subscribe((reason) =>
      this.run(this.api.recordDeparture(this.enterpriseId()!, m.userId, reason)),
    );
  }

  protected run(call: Observable<unknown>): void {
    call.subscribe({ next: () => this.list.reload(), error: () => undefined });
  }

  private askReason(titleKey: string, m: Member): Observable<string> {
    return this.dialog
      .open(ReasonDialog, { data: { titleKey, name: m.displayName } })
      .afterClosed()
      .pipe(filter((reason): reason is string => typeof reason === 'string' && reason.length > 0));
  }

  private askRoles(titleKey: string, m: Member, selected: readonly string[]): Observable<string[]> {
    const language = this.locale.language();
    const roles = this.roles().map((r) => ({ id: r.id, name: r.label ? labelIn(r.label, language) : r.name }));
    if (roles.length === 0) return of([...selected]);
    return this.dialog
      .open(RolesDialog, { data: { titleKey, name: m.displayName, roles, selected } })
      .afterClosed()
      .pipe(filter((chosen): chosen is string[] => Array.isArray(chosen)));
  }
}
