import { CdkDrag, CdkDragHandle, CdkDropList, CdkDropListGroup } from '@angular/cdk/drag-drop';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import type { Observable } from 'rxjs';
import { LocaleService } from '../../core/i18n/locale.service';
import { FieldErrorText } from '../../shared/forms/field-error';
import { formFailure } from '../../shared/forms/form-failure';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { ActiveContext } from '../../core/context/active-context';
import { activeEnterpriseId } from '../active-enterprise';
import { NoEnterprise } from '../no-enterprise';
import { OrganizationApi } from '../organization.api';
import type { Department } from '../organization.model';
import { type PlacedDepartment, canMove, departmentTree } from './department-tree';

/**
 * 部门管理: the department tree. A department moves by dragging it onto another (or onto the top
 * level), or from its "move to…" menu, which is the keyboard way.
 */
@Component({
  selector: 'kg-departments-page',
  imports: [
    CdkDrag,
    CdkDragHandle,
    CdkDropList,
    CdkDropListGroup,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatSelectModule,
    TranslocoPipe,
    FieldErrorText,
    LoadingPanel,
    StatePanel,
    NoEnterprise,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header>
        <h1>{{ 'departments.title' | transloco }}</h1>
        <p class="kg-lead">{{ 'departments.lead' | transloco }}</p>
      </header>
      @if (!enterpriseId()) {
        <kg-no-enterprise />
      } @else {
        @if (canCreate()) {
          <form class="kg-card add" (submit)="$event.preventDefault(); add()">
            <mat-form-field>
              <mat-label>{{ 'departments.name' | transloco }}</mat-label>
              <input matInput [formControl]="newName" data-testid="department-name" />
              <mat-error><kg-field-error [control]="newName" [messages]="{ required: 'forms.required' }" /></mat-error>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'departments.parent' | transloco }}</mat-label>
              <mat-select [formControl]="newParent" data-testid="department-parent">
                <mat-option [value]="null">{{ 'departments.topLevel' | transloco }}</mat-option>
                @for (d of tree(); track d.id) {
                  <mat-option [value]="d.id">{{ indent(d) }}{{ d.name }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="add-department">
              <mat-icon>add</mat-icon>{{ 'departments.add' | transloco }}
            </button>
          </form>
        }
        @if (refusal()) {
          <p class="refusal" role="alert">{{ refusal() }}</p>
        }
        <section class="kg-card" cdkDropListGroup>
          @if (list.error()) {
            <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
              <button mat-flat-button (click)="list.reload()">{{ 'common.retry' | transloco }}</button>
            </kg-state-panel>
          } @else if (!list.hasValue()) {
            <kg-loading-panel [label]="'common.loading' | transloco" />
          } @else if (tree().length === 0) {
            <kg-state-panel icon="account_tree" [title]="'departments.none' | transloco" />
          } @else {
            @if (canUpdate()) {
              <div
                class="root-drop"
                cdkDropList
                cdkDropListSortingDisabled
                [cdkDropListData]="null"
                [cdkDropListEnterPredicate]="accepts(null)"
                (cdkDropListDropped)="dropped($event.item.data, $event.previousContainer === $event.container, null)"
              >
                <mat-icon aria-hidden="true">vertical_align_top</mat-icon>{{ 'departments.dropTop' | transloco }}
              </div>
            }
            <ul class="tree" role="tree" [attr.aria-label]="'departments.title' | transloco" data-testid="department-tree">
              @for (d of tree(); track d.id) {
                <li
                  role="treeitem"
                  [attr.aria-level]="d.depth + 1"
                  [style.--depth]="d.depth"
                  cdkDropList
                  cdkDropListSortingDisabled
                  [cdkDropListData]="d.id"
                  [cdkDropListEnterPredicate]="accepts(d.id)"
                  [cdkDropListDisabled]="!canUpdate()"
                  (cdkDropListDropped)="dropped($event.item.data, $event.previousContainer === $event.container, d.id)"
                  [attr.data-department]="d.name"
                >
                  <div class="row" cdkDrag [cdkDragData]="d.id" [cdkDragDisabled]="!canUpdate()">
                    @if (canUpdate()) {
                      <mat-icon class="handle" cdkDragHandle aria-hidden="true">drag_indicator</mat-icon>
                    }
                    <mat-icon class="kind" aria-hidden="true">{{ d.hasChildren ? 'folder' : 'folder_open' }}</mat-icon>
                    @if (renaming() === d.id) {
                      <form class="rename" (submit)="$event.preventDefault(); rename(d)">
                        <input
                          [formControl]="renameTo"
                          [attr.aria-label]="'departments.rename' | transloco"
                          (keydown.escape)="renaming.set(null)"
                        />
                        <button mat-icon-button type="submit" [attr.aria-label]="'common.save' | transloco">
                          <mat-icon>check</mat-icon>
                        </button>
                      </form>
                    } @else {
                      <span class="name">{{ d.name }}</span>
                    }
                    <span class="count">{{ 'departments.members' | transloco: { count: d.memberCount } }}</span>
                    @if (canUpdate() || canDelete()) {
                      <button
                        mat-icon-button
                        [matMenuTriggerFor]="menu"
                        [attr.aria-label]="'departments.actions' | transloco: { name: d.name }"
                      >
                        <mat-icon>more_vert</mat-icon>
                      </button>
                    }
                    <mat-menu #menu="matMenu">
                      @if (canUpdate()) {
                        <button mat-menu-item (click)="startRename(d)">
                          <mat-icon>edit</mat-icon>{{ 'departments.rename' | transloco }}
                        </button>
                        <button mat-menu-item [matMenuTriggerFor]="moveMenu">
                          <mat-icon>drive_file_move</mat-icon>{{ 'departments.moveTo' | transloco }}
                        </button>
                      }
                      @if (canDelete()) {
                        <button mat-menu-item (click)="remove(d)"><mat-icon>delete</mat-icon>{{ 'common.delete' | transloco }}</button>
                      }
                    </mat-menu>
                    <mat-menu #moveMenu="matMenu">
                      @if (movable(d.id, null)) {
                        <button mat-menu-item (click)="move(d.id, null)">{{ 'departments.topLevel' | transloco }}</button>
                      }
                      @for (target of tree(); track target.id) {
                        @if (movable(d.id, target.id)) {
                          <button mat-menu-item (click)="move(d.id, target.id)">{{ indent(target) }}{{ target.name }}</button>
                        }
                      }
                    </mat-menu>
                  </div>
                </li>
              }
            </ul>
          }
        </section>
      }
    </div>
  `,
  styles: `
    .add {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
      align-items: baseline;
      mat-form-field {
        flex: 1 1 200px;
      }
    }
    .refusal {
      margin: 0;
      color: var(--mat-sys-error);
    }
    .tree {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .tree li {
      padding-left: calc(var(--depth) * 24px);
      border-radius: var(--mat-sys-corner-small);
    }
    .tree li.cdk-drop-list-receiving,
    .root-drop.cdk-drop-list-receiving {
      outline: 2px dashed var(--mat-sys-primary);
    }
    .row {
      display: flex;
      align-items: center;
      gap: 8px;
      min-height: 48px;
      padding: 0 4px;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-surface-container-lowest);
    }
    .row.cdk-drag-preview {
      box-shadow: var(--mat-sys-level3);
    }
    .handle {
      cursor: grab;
      color: var(--mat-sys-on-surface-variant);
    }
    .kind {
      color: var(--mat-sys-primary);
    }
    .name {
      flex: 1;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .count {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
      white-space: nowrap;
    }
    .rename {
      flex: 1;
      display: flex;
      align-items: center;
      input {
        flex: 1;
        min-width: 0;
        font: inherit;
        padding: 6px 8px;
      }
    }
    .root-drop {
      display: flex;
      align-items: center;
      gap: 8px;
      margin-bottom: 8px;
      padding: 8px 12px;
      border-radius: var(--mat-sys-corner-small);
      color: var(--mat-sys-on-surface-variant);
      border: 1px dashed var(--mat-sys-outline-variant);
    }
  `,
})
export class DepartmentsPage {
  private readonly api = inject(OrganizationApi);
  private readonly context = inject(ActiveContext);
  private readonly locale = inject(LocaleService);
  private readonly transloco = inject(TranslocoService);
  protected readonly enterpriseId = activeEnterpriseId();
  protected readonly canCreate = computed(() => this.context.can('department:create'));
  protected readonly canUpdate = computed(() => this.context.can('department:update'));
  protected readonly canDelete = computed(() => this.context.can('department:delete'));
  protected readonly list = rxResource({
    params: () => this.enterpriseId() ?? undefined,
    stream: ({ params }) => this.api.departments(params),
  });
  private readonly departments = computed<readonly Department[]>(() => (this.list.hasValue() ? this.list.value() : []));
  protected readonly tree = computed(() => departmentTree(this.departments(), this.locale.language()));
  protected readonly newName = new FormControl('', { nonNullable: true, validators: [Validators.required] });
  protected readonly newParent = new FormControl<string | null>(null);
  protected readonly renameTo = new FormControl('', { nonNullable: true, validators: [Validators.required] });
  protected readonly renaming = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly refusal = signal<string | null>(null);

  protected indent(d: PlacedDepartment): string {
    return '\u2003'.repeat(d.depth);
  }

  protected movable(id: string, parentId: string | null): boolean {
    return canMove(this.departments(), id, parentId);
  }

  /** The drop-list predicate of a target: only moves the tree allows light it up. */
  protected accepts(parentId: string | null) {
    return (drag: CdkDrag<string>) => this.movable(drag.data, parentId);
  }

  /** A drop back onto the department's own row is no move. */
  protected dropped(id: string, sameList: boolean, parentId: string | null): void {
    if (!sameList) this.move(id, parentId);
  }

  protected move(id: string, parentId: string | null): void {
    if (!this.movable(id, parentId)) return;
    this.run((eid) => this.api.updateDepartment(eid, id, { parentId }));
  }

  protected add(): void {
    if (this.newName.invalid) return this.newName.markAsTouched();
    this.run(
      (eid) => this.api.createDepartment(eid, this.newName.value.trim(), this.newParent.value),
      () => this.newName.reset(),
    );
  }

  protected startRename(d: Department): void {
    this.renameTo.reset(d.name);
    this.renaming.set(d.id);
  }

  protected rename(d: Department): void {
    const name = this.renameTo.value.trim();
    if (!name || name === d.name) return this.renaming.set(null);
    this.run(
      (eid) => this.api.updateDepartment(eid, d.id, { name }),
      () => this.renaming.set(null),
    );
  }

  protected remove(d: Department): void {
    this.run((eid) => this.api.deleteDepartment(eid, d.id));
  }

  private run(call: (enterpriseId: string) => Observable<unknown>, done?: () => void): void {
    const enterpriseId = this.enterpriseId();
    if (!enterpriseId) return;
    this.busy.set(true);
    this.refusal.set(null);
    call(enterpriseId).subscribe({
      next: () => {
        this.busy.set(false);
        done?.();
        this.list.reload();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const rule =
          error instanceof HttpErrorResponse ? (error.error as { errors?: { rule?: string }[] } | null)?.errors?.[0]?.rule : undefined;
        if (rule === 'department-not-empty') return this.refusal.set(this.transloco.translate('departments.notEmpty'));
        const failure = formFailure(error, null);
        if (failure) this.refusal.set([failure.message, ...failure.unplaced.map((f) => f.message)].filter(Boolean).join('; '));
      },
    });
  }
}
