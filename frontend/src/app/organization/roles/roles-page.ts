import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import { forkJoin } from 'rxjs';
import { FieldErrorText } from '../../shared/forms/field-error';
import { LocaleService } from '../../core/i18n/locale.service';
import { formFailure } from '../../shared/forms/form-failure';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { ActiveContext } from '../../core/context/active-context';
import { activeEnterpriseId } from '../active-enterprise';
import { NoEnterprise } from '../no-enterprise';
import { OrganizationApi } from '../organization.api';
import type { Role } from '../organization.model';
import { PermissionMatrix } from './permission-matrix';
import { labelIn, matrixOf } from './permission-matrix.model';

/** 角色权限: the enterprise's roles, and an editor that builds a role from the permission matrix. */
@Component({
  selector: 'kg-roles-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    TranslocoPipe,
    FieldErrorText,
    LoadingPanel,
    StatePanel,
    NoEnterprise,
    PermissionMatrix,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header class="kg-page-head">
        <div>
          <h1>{{ 'roles.title' | transloco }}</h1>
          <p class="kg-lead">{{ 'roles.lead' | transloco }}</p>
        </div>
        @if (enterpriseId() && canCreate() && !editing()) {
          <button mat-flat-button (click)="edit(null)" data-testid="new-role">
            <mat-icon>add</mat-icon>{{ 'roles.create' | transloco }}
          </button>
        }
      </header>
      @if (!enterpriseId()) {
        <kg-no-enterprise />
      } @else if (data.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="data.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!data.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        @if (refusal()) {
          <p class="refusal" role="alert">{{ refusal() }}</p>
        }
        @if (editing(); as e) {
          <form class="kg-card" (submit)="$event.preventDefault(); save()" data-testid="role-editor">
            <h2>
              <mat-icon aria-hidden="true">tune</mat-icon
              >{{ (e.role ? (e.role.builtIn ? 'roles.view' : 'roles.edit') : 'roles.create') | transloco }}
            </h2>
            <mat-form-field class="name">
              <mat-label>{{ 'roles.name' | transloco }}</mat-label>
              <input matInput [formControl]="name" data-testid="role-name" />
              <mat-error><kg-field-error [control]="name" [messages]="{ required: 'forms.required' }" /></mat-error>
            </mat-form-field>
            <p class="count">{{ 'roles.selected' | transloco: { count: selected().size } }}</p>
            <kg-permission-matrix [matrix]="matrix()!" [(selected)]="selected" [disabled]="!!e.role?.builtIn" />
            <div class="kg-actions buttons">
              @if (!e.role?.builtIn) {
                <button mat-flat-button type="submit" [disabled]="busy()" data-testid="save-role">{{ 'common.save' | transloco }}</button>
              }
              <button mat-button type="button" (click)="editing.set(null)">{{ 'common.cancel' | transloco }}</button>
            </div>
          </form>
        }
        <section class="kg-card">
          @if (data.value().roles.length === 0) {
            <kg-state-panel icon="badge" [title]="'roles.none' | transloco" />
          } @else {
            <ul class="roles" data-testid="roles">
              @for (role of data.value().roles; track role.id) {
                <li>
                  <div class="who">
                    <strong>{{ nameOf(role) }}</strong>
                    <span class="meta">
                      @if (role.builtIn) {
                        <span class="kg-chip">{{ 'roles.builtIn' | transloco }}</span>
                      }
                      {{ 'roles.summary' | transloco: { permissions: role.permissions.length, holders: role.holders } }}
                    </span>
                  </div>
                  <span class="kg-actions">
                    <button mat-stroked-button (click)="edit(role)">
                      {{ (role.builtIn || !canUpdate() ? 'roles.view' : 'roles.edit') | transloco }}
                    </button>
                    @if (!role.builtIn && canDelete()) {
                      <button mat-button class="danger" (click)="remove(role)" [disabled]="busy()">
                        {{ 'common.delete' | transloco }}
                      </button>
                    }
                  </span>
                </li>
              }
            </ul>
          }
        </section>
      }
    </div>
  `,
  styles: `
    .name {
      width: 100%;
      max-width: 420px;
    }
    .count {
      margin: 0 0 8px;
      color: var(--mat-sys-on-surface-variant);
    }
    .buttons {
      margin-top: 16px;
    }
    .refusal,
    .danger {
      color: var(--mat-sys-error);
    }
    .roles {
      list-style: none;
      margin: 0;
      padding: 0;
      li {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: 8px;
        padding: 12px 0;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
      }
      li:last-child {
        border-bottom: none;
      }
    }
    .who {
      display: flex;
      flex-direction: column;
      gap: 2px;
    }
    .meta {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
  `,
})
export class RolesPage {
  private readonly api = inject(OrganizationApi);
  private readonly context = inject(ActiveContext);
  private readonly locale = inject(LocaleService);
  protected readonly enterpriseId = activeEnterpriseId();
  protected readonly canCreate = computed(() => this.context.can('role:create'));
  protected readonly canUpdate = computed(() => this.context.can('role:update'));
  protected readonly canDelete = computed(() => this.context.can('role:delete'));
  protected readonly data = rxResource({
    params: () => this.enterpriseId() ?? undefined,
    stream: ({ params }) => forkJoin({ roles: this.api.roles(params), catalogue: this.api.catalogue() }),
  });
  protected readonly matrix = computed(() => (this.data.hasValue() ? matrixOf(this.data.value().catalogue) : null));
  protected readonly editing = signal<{ role: Role | null } | null>(null);
  protected readonly name = new FormControl('', { nonNullable: true, validators: [Validators.required] });
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly busy = signal(false);
  protected readonly refusal = signal<string | null>(null);

  protected nameOf(role: Role): string {
    return role.label ? labelIn(role.label, this.locale.language()) : role.name;
  }

  protected edit(role: Role | null): void {
    this.refusal.set(null);
    this.name.reset(role ? this.nameOf(role) : '');
    if (role?.builtIn || (role && !this.canUpdate())) this.name.disable();
    else this.name.enable();
    this.selected.set(new Set(role?.permissions ?? []));
    this.editing.set({ role });
  }

  protected save(): void {
    const enterpriseId = this.enterpriseId();
    const editing = this.editing();
    if (!enterpriseId || !editing) return;
    if (this.name.invalid) return this.name.markAsTouched();
    const permissions = [...this.selected()].sort();
    const call = editing.role
      ? this.api.updateRole(enterpriseId, editing.role.id, { name: this.name.value.trim(), permissions })
      : this.api.createRole(enterpriseId, this.name.value.trim(), permissions);
    this.busy.set(true);
    call.subscribe({
      next: () => {
        this.busy.set(false);
        this.editing.set(null);
        this.data.reload();
      },
      error: (error: unknown) => this.failed(error),
    });
  }

  protected remove(role: Role): void {
    const enterpriseId = this.enterpriseId();
    if (!enterpriseId) return;
    this.refusal.set(null);
    this.busy.set(true);
    this.api.deleteRole(enterpriseId, role.id).subscribe({
      next: () => {
        this.busy.set(false);
        this.data.reload();
      },
      error: (error: unknown) => this.failed(error),
    });
  }

  private failed(error: unknown): void {
    this.busy.set(false);
    const failure = formFailure(error, null);
    if (!failure) return;
    const named = failure.unplaced.find((f) => f.field === 'name');
    if (named) this.name.setErrors({ server: named });
    this.refusal.set([failure.message, ...failure.unplaced.filter((f) => f !== named).map((f) => f.message)].filter(Boolean).join('; '));
  }
}
