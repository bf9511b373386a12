import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Observable } from 'rxjs';
import { LocaleService } from '../../core/i18n/locale.service';
import { formatDateTime } from '../../shared/format/date-time';
import { FieldErrorText } from '../../shared/forms/field-error';
import { formFailure } from '../../shared/forms/form-failure';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { ActiveContext } from '../../core/context/active-context';
import { StatusChip } from '../../shared/ui/status-chip';
import { TenancyApi } from '../tenancy.api';
import { type OperatorNode, type OperatorNodeChange, STAFF_ROLES, type StaffRole } from '../tenancy.model';
import { NodeFields } from './node-fields';
import { NODE_FIELD_ALIASES, type OperatorNodeForm, operatorNodeForm } from './node-form';

/** The changed facts only: a PATCH says what the operator edited; contacts only with a retyped phone. */
export function nodeChange(node: OperatorNode, form: OperatorNodeForm): OperatorNodeChange {
  const v = form.getRawValue();
  const name = v.name.trim();
  const principal = v.principalName.trim();
  const email = v.email.trim();
  return {
    ...(name !== node.name ? { name } : {}),
    ...(principal !== node.principal.name ? { principal: { name: principal } } : {}),
    ...(v.contactPhone ? { contacts: { phone: v.contactPhone, ...(email ? { email } : {}) } } : {}),
  };
}

/** 运营节点: one node's facts and staff; edit, suspend or reactivate it, appoint staff. */
@Component({
  selector: 'kg-operator-node-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatTableModule,
    RouterLink,
    TranslocoPipe,
    FieldErrorText,
    LoadingPanel,
    StatePanel,
    StatusChip,
    NodeFields,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <a mat-button routerLink="/operator-network"><mat-icon>arrow_back</mat-icon>{{ 'tree.title' | transloco }}</a>
      @if (node.error()) {
        <kg-state-panel tone="error" icon="account_tree" [title]="'common.notFoundOrFailed' | transloco">
          <button mat-flat-button (click)="node.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!node.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        @let n = node.value();
        <header class="kg-page-head">
          <div>
            <h1>{{ n.name }}</h1>
            <p class="kg-lead">
              {{ n.divisionName }} · {{ 'tree.levels.' + n.level | transloco }} · <span class="kg-mono">{{ n.divisionCode }}</span>
            </p>
          </div>
          <kg-status [value]="n.status" />
        </header>
        @if (refusal()) {
          <p class="refusal" role="alert">{{ refusal() }}</p>
        }
        @if (editing() && editForm(); as form) {
          <form class="kg-card kg-form" [formGroup]="form" (ngSubmit)="save(n, form)">
            <h2><mat-icon aria-hidden="true">edit</mat-icon>{{ 'nodes.edit' | transloco }}</h2>
            <kg-node-fields [form]="form" [masked]="{ contact: n.contacts.phone, email: n.contacts.email }" />
            <div class="kg-actions">
              <button mat-flat-button type="submit" [disabled]="busy()">{{ 'common.save' | transloco }}</button>
              <button mat-button type="button" (click)="editing.set(false)">{{ 'common.cancel' | transloco }}</button>
            </div>
          </form>
        } @else {
          <section class="kg-card">
            <dl class="kg-facts">
              <div>
                <dt>{{ 'nodes.fields.principalName' | transloco }}</dt>
                <dd>{{ n.principal.name }}</dd>
              </div>
              @if (n.principal.phone) {
                <div>
                  <dt>{{ 'nodes.fields.principalPhone' | transloco }}</dt>
                  <dd class="kg-mono">{{ n.principal.phone }}</dd>
                </div>
              }
              <div>
                <dt>{{ 'nodes.fields.contactPhone' | transloco }}</dt>
                <dd class="kg-mono">{{ n.contacts.phone }}</dd>
              </div>
              <div>
                <dt>{{ 'nodes.fields.email' | transloco }}</dt>
                <dd>{{ n.contacts.email || '—' }}</dd>
              </div>
              <div>
                <dt>{{ 'nodes.fields.createdAt' | transloco }}</dt>
                <dd>{{ time(n.createdAt) }}</dd>
              </div>
            </dl>
            @if (canUpdate()) {
              <div class="kg-actions manage">
                <button mat-stroked-button (click)="startEdit(n)"><mat-icon>edit</mat-icon>{{ 'nodes.edit' | transloco }}</button>
                @if (n.status === 'suspended') {
                  <button mat-stroked-button (click)="run(api.reactivateOperatorNode(n.id))">
                    <mat-icon>play_arrow</mat-icon>{{ 'nodes.reactivate' | transloco }}
                  </button>
                } @else {
                  <mat-form-field class="reason" subscriptSizing="dynamic">
                    <mat-label>{{ 'nodes.suspendReason' | transloco }}</mat-label>
                    <input matInput [formControl]="reason" />
                  </mat-form-field>
                  <button
                    mat-stroked-button
                    class="danger"
                    [disabled]="!reason.value.trim()"
                    (click)="run(api.suspendOperatorNode(n.id, reason.value.trim()))"
                  >
                    <mat-icon>pause</mat-icon>{{ 'nodes.suspend' | transloco }}
                  </button>
                }
              </div>
            }
          </section>
        }
        <section class="kg-card">
          <h2><mat-icon aria-hidden="true">groups</mat-icon>{{ 'nodes.staff.title' | transloco }}</h2>
          @if (n.staff.length === 0) {
            <kg-state-panel icon="group_off" [title]="'nodes.staff.none' | transloco" />
          } @else {
            <table mat-table [dataSource]="n.staff" class="kg-stack-table" data-testid="node-staff">
              <ng-container matColumnDef="name">
                <th mat-header-cell *matHeaderCellDef>{{ 'nodes.staff.name' | transloco }}</th>
                <td mat-cell *matCellDef="let s" [attr.data-label]="'nodes.staff.name' | transloco">{{ s.displayName }}</td>
              </ng-container>
              <ng-container matColumnDef="roles">
                <th mat-header-cell *matHeaderCellDef>{{ 'nodes.staff.roles' | transloco }}</th>
                <td mat-cell *matCellDef="let s" [attr.data-label]="'nodes.staff.roles' | transloco">
                  @for (r of s.roles; track r) {
                    <span class="kg-chip">{{ roleLabel(r) | transloco }}</span>
                  }
                </td>
              </ng-container>
              <ng-container matColumnDef="since">
                <th mat-header-cell *matHeaderCellDef>{{ 'nodes.staff.since' | transloco }}</th>
                <td mat-cell *matCellDef="let s" [attr.data-label]="'nodes.staff.since' | transloco">{{ time(s.since) }}</td>
              </ng-container>
              <tr mat-header-row *matHeaderRowDef="staffColumns"></tr>
              <tr mat-row *matRowDef="let row; columns: staffColumns"></tr>
            </table>
          }
          @if (canAssign()) {
            <form class="kg-form appoint" [formGroup]="appoint" (ngSubmit)="appointStaff(n)">
              <h3>{{ 'nodes.staff.appoint' | transloco }}</h3>
              <mat-form-field>
                <mat-label>{{ 'nodes.staff.phone' | transloco }}</mat-label>
                <input matInput formControlName="phone" inputmode="tel" autocomplete="off" />
                <mat-error
                  ><kg-field-error
                    [control]="appoint.controls.phone"
                    [messages]="{ required: 'forms.required', pattern: 'nodes.phoneInvalid' }"
                /></mat-error>
              </mat-form-field>
              <div class="roles" role="group" [attr.aria-label]="'nodes.staff.roles' | transloco">
                @for (r of staffRoles; track r) {
                  <mat-checkbox [checked]="appointRoles().has(r)" (change)="toggleRole(r, $event.checked)">{{
                    roleLabel(r) | transloco
                  }}</mat-checkbox>
                }
              </div>
              <div class="kg-actions">
                <button mat-flat-button type="submit" [disabled]="busy() || appointRoles().size === 0">
                  {{ 'nodes.staff.appointSubmit' | transloco }}
                </button>
              </div>
            </form>
          }
        </section>
      }
    </div>
  `,
  styles: `
    .refusal {
      color: var(--mat-sys-error);
      margin: 0;
    }
    .manage {
      margin-top: 16px;
    }
    .reason {
      flex: 1 1 200px;
      max-width: 320px;
    }
    .danger {
      color: var(--mat-sys-error);
    }
    .appoint {
      margin-top: 20px;
    }
    h3 {
      margin: 0 0 8px;
      font: var(--mat-sys-title-medium);
    }
    .roles {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      margin-bottom: 12px;
    }
  `,
})
export class OperatorNodePage {
  protected readonly api = inject(TenancyApi);
  private readonly locale = inject(LocaleService);
  private readonly context = inject(ActiveContext);
  readonly id = input.required<string>();
  protected readonly node = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.operatorNode(params) });
  protected readonly canUpdate = computed(() => this.context.can('operator-node:update'));
  protected readonly canAssign = computed(() => this.context.can('operator-node:assign'));
  protected readonly staffColumns = ['name', 'roles', 'since'];
  protected readonly staffRoles = STAFF_ROLES;
  protected readonly editing = signal(false);
  protected readonly editForm = signal<OperatorNodeForm | null>(null);
  protected readonly busy = signal(false);
  protected readonly refusal = signal<string | null>(null);
  protected readonly reason = new FormControl('', { nonNullable: true });
  protected readonly appoint = new FormGroup({
    phone: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^1[3-9]\d{9}$/)] }),
  });
  protected readonly appointRoles = signal<ReadonlySet<StaffRole>>(new Set(['operator-staff']));

  protected time(value: string): string {
    return formatDateTime(value, this.locale.language());
  }

  protected roleLabel(role: string): string {
    return (STAFF_ROLES as readonly string[]).includes(role) ? `nodes.roles.${role}` : role;
  }

  protected startEdit(node: OperatorNode): void {
    this.editForm.set(operatorNodeForm(node));
    this.editing.set(true);
  }

  protected toggleRole(role: StaffRole, on: boolean): void {
    this.appointRoles.update((roles) => {
      const next = new Set(roles);
      if (on) next.add(role);
      else next.delete(role);
      return next;
    });
  }

  protected save(node: OperatorNode, form: OperatorNodeForm): void {
    if (form.invalid) return form.markAllAsTouched();
    const change = nodeChange(node, form);
    if (Object.keys(change).length === 0) return this.editing.set(false);
    this.run(this.api.updateOperatorNode(node.id, change), form);
  }

  protected appointStaff(node: OperatorNode): void {
    if (this.appoint.invalid) return this.appoint.markAllAsTouched();
    this.run(this.api.appointStaff(node.id, this.appoint.controls.phone.value, [...this.appointRoles()]), this.appoint);
  }

  protected run(call: Observable<unknown>, form: FormGroup | null = null): void {
    this.busy.set(true);
    this.refusal.set(null);
    call.subscribe({
      next: () => {
        this.busy.set(false);
        this.editing.set(false);
        this.reason.reset();
        if (form === this.appoint) this.appoint.reset();
        this.node.reload();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const failure = formFailure(error, form, NODE_FIELD_ALIASES);
        if (failure)
          this.refusal.set([failure.message, ...failure.unplaced.map((f) => `${f.field}: ${f.message}`)].filter(Boolean).join('; '));
      },
    });
  }
}
