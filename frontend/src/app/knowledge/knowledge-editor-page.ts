import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { HttpErrorResponse } from '@angular/common/http';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { of, type Observable } from 'rxjs';
import type { ApiErrorBody, FieldError } from '../core/api/api-error';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { DEVICE_TYPE_CODES, FAULT_TYPE_CODES } from '../work-orders/catalogue';
import { PhotoAttachments } from '../work-orders/ui/photo-attachments';
import type { Attachment } from '../work-orders/work-order.model';
import { KnowledgeApi } from './knowledge.api';
import type { KnowledgeContent } from './knowledge.model';
import { contentFromForm, formFromContent, type KnowledgeForm } from './knowledge-form';

/** 编辑知识条目: a new repair plan, one proposed from a closed work order (prefilled from its records), or a revision. */
@Component({
  selector: 'kg-knowledge-editor-page',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, RouterLink, TranslocoPipe, LoadingPanel, StatePanel, PhotoAttachments],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header class="kg-page-head">
        <div>
          <h1>{{ (id() ? 'collaboration.knowledge.editor.editTitle' : workOrder() ? 'collaboration.knowledge.editor.proposeTitle' : 'collaboration.knowledge.editor.newTitle') | transloco }}</h1>
          @if (workOrder()) {
            <p class="kg-lead">{{ 'collaboration.knowledge.editor.proposeLead' | transloco }}</p>
          }
        </div>
      </header>
      @if (source.error()) {
        <kg-state-panel tone="error" icon="search_off" [title]="'collaboration.knowledge.notFound' | transloco">
          <a mat-flat-button routerLink="/knowledge">{{ 'collaboration.knowledge.back' | transloco }}</a>
        </kg-state-panel>
      } @else if (!ready()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        <form class="kg-card" (ngSubmit)="save()" data-testid="kb-editor">
          <mat-form-field class="wide">
            <mat-label>{{ 'collaboration.knowledge.fields.title' | transloco }}</mat-label>
            <input matInput name="title" [(ngModel)]="form.title" required maxlength="100" data-testid="kb-field-title" />
          </mat-form-field>
          <div class="row">
            <mat-form-field>
              <mat-label>{{ 'collaboration.knowledge.fields.deviceType' | transloco }}</mat-label>
              <mat-select name="deviceType" [(ngModel)]="form.deviceType" required>
                @for (t of deviceTypes; track t) {
                  <mat-option [value]="t">{{ 'workOrders.deviceTypes.' + t | transloco }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'collaboration.knowledge.fields.faultType' | transloco }}</mat-label>
              <mat-select name="faultType" [(ngModel)]="form.faultType" required>
                @for (t of faultTypes; track t) {
                  <mat-option [value]="t">{{ 'workOrders.faultTypes.' + t | transloco }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'collaboration.knowledge.fields.models' | transloco }}</mat-label>
              <input matInput name="models" [(ngModel)]="form.models" [placeholder]="'collaboration.knowledge.editor.modelsHint' | transloco" />
            </mat-form-field>
          </div>
          <mat-form-field class="wide">
            <mat-label>{{ 'collaboration.knowledge.fields.symptom' | transloco }}</mat-label>
            <textarea matInput name="symptom" rows="2" [(ngModel)]="form.symptom" maxlength="1000"></textarea>
          </mat-form-field>
          <mat-form-field class="wide">
            <mat-label>{{ 'collaboration.knowledge.fields.cause' | transloco }}</mat-label>
            <textarea matInput name="cause" rows="2" [(ngModel)]="form.cause" maxlength="1000"></textarea>
          </mat-form-field>
          <mat-form-field class="wide">
            <mat-label>{{ 'collaboration.knowledge.fields.steps' | transloco }}</mat-label>
            <textarea matInput name="steps" rows="6" [(ngModel)]="form.steps" required data-testid="kb-field-steps"></textarea>
            <mat-hint>{{ 'collaboration.knowledge.editor.stepsHint' | transloco }}</mat-hint>
          </mat-form-field>
          <mat-form-field class="wide">
            <mat-label>{{ 'collaboration.knowledge.fields.parts' | transloco }}</mat-label>
            <textarea matInput name="parts" rows="3" [(ngModel)]="form.parts"></textarea>
            <mat-hint>{{ 'collaboration.knowledge.editor.partsHint' | transloco }}</mat-hint>
          </mat-form-field>
          <mat-form-field class="wide">
            <mat-label>{{ 'collaboration.knowledge.fields.tools' | transloco }}</mat-label>
            <input matInput name="tools" [(ngModel)]="form.tools" [placeholder]="'collaboration.knowledge.editor.toolsHint' | transloco" />
          </mat-form-field>
          <kg-photo-attachments [label]="'collaboration.knowledge.fields.images' | transloco" [(attachments)]="images" />
          @if (errors().length) {
            <ul class="problems" role="alert" data-testid="kb-errors">
              @for (e of errors(); track e.field) {
                <li>{{ e.field }}: {{ e.message }}</li>
              }
            </ul>
          }
          <div class="kg-actions">
            <a mat-button [routerLink]="id() ? ['/knowledge', id()] : '/knowledge'">{{ 'common.cancel' | transloco }}</a>
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="kb-save">
              {{ (workOrder() && !id() ? 'collaboration.knowledge.editor.propose' : 'collaboration.knowledge.editor.save') | transloco }}
            </button>
          </div>
        </form>
      }
    </div>
  `,
  styles: `
    form {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
    .wide {
      width: 100%;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
    }
    .row mat-form-field {
      flex: 1 1 200px;
    }
    .problems {
      color: var(--mat-sys-error);
    }
  `,
})
export class KnowledgeEditorPage {
  private readonly api = inject(KnowledgeApi);
  private readonly router = inject(Router);
  /** The entry being revised (route /knowledge/:id/edit). */
  readonly id = input<string>();
  /** The closed work order to propose from (?workOrder=). */
  readonly workOrder = input<string>();
  protected readonly deviceTypes = DEVICE_TYPE_CODES;
  protected readonly faultTypes = FAULT_TYPE_CODES;
  protected form: KnowledgeForm = formFromContent(null);
  protected images: readonly Attachment[] = [];
  protected readonly busy = signal(false);
  protected readonly errors = signal<readonly FieldError[]>([]);

  protected readonly source = rxResource({
    params: () => ({ id: this.id(), workOrder: this.workOrder() }),
    stream: ({ params }): Observable<KnowledgeContent | null> =>
      params.id ? this.api.entry(params.id) : params.workOrder ? this.api.draftFromWorkOrder(params.workOrder) : of(null),
  });
  protected readonly ready = computed(() => this.source.hasValue());

  constructor() {
    effect(() => {
      if (!this.source.hasValue()) return;
      const content = this.source.value();
      this.form = formFromContent(content);
      this.images = content?.images ?? [];
    });
  }

  protected save(): void {
    const content = { ...contentFromForm(this.form), images: [...this.images] };
    this.busy.set(true);
    this.errors.set([]);
    const id = this.id();
    const request = id ? this.api.revise(id, content) : this.api.draft({ ...content, ...(this.workOrder() ? { workOrderId: this.workOrder()! } : {}) });
    request.subscribe({
      next: (entry) => void this.router.navigate(['/knowledge', entry.id]),
      error: (error: HttpErrorResponse) => {
        this.busy.set(false);
        const body = error.error as ApiErrorBody | null;
        this.errors.set(body?.errors?.length ? body.errors : [{ field: 'form', rule: 'failed', message: body?.message ?? error.message }]);
      },
    });
  }
}
