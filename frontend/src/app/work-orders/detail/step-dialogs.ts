import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { TranslocoPipe } from '@jsverse/transloco';
import { FieldErrorText } from '../../shared/forms/field-error';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { addPart, addStockedPart, evaluationBody, evaluationForm, reasonControl, receiptForm, recordBody, recordForm, type StockedPick } from '../forms/step-forms';
import { VanPartPicker } from '../parts/van-part-picker';
import type { Attachment, ProcessingRecord } from '../work-order.model';
import { WorkOrdersApi } from '../work-orders.api';
import { PhotoAttachments } from '../ui/photo-attachments';
import { SuggestionCard } from '../ui/suggestion-card';

const BASE_IMPORTS = [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, TranslocoPipe];
const DIALOG_IMPORTS = [...BASE_IMPORTS, FieldErrorText];
const TEXT_MESSAGES = { required: 'workOrders.form.required', pattern: 'workOrders.form.required', maxlength: 'workOrders.form.tooLong' };

/** Asks for the reason of a refusal, a return, a decline, a cancel or a reopen. */
@Component({
  selector: 'kg-wo-reason-dialog',
  imports: DIALOG_IMPORTS,
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.titleKey | transloco }}</h2>
    <mat-dialog-content>
      <mat-form-field class="wide">
        <mat-label>{{ data.labelKey ?? 'workOrders.form.reason' | transloco }}</mat-label>
        <textarea matInput [formControl]="reason" rows="3" cdkFocusInitial data-testid="reason"></textarea>
        <mat-error><kg-field-error [control]="reason" [messages]="messages" /></mat-error>
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button mat-flat-button [disabled]="reason.invalid" [mat-dialog-close]="reason.value.trim()" data-testid="confirm">
        {{ 'common.confirm' | transloco }}
      </button>
    </mat-dialog-actions>
  `,
  styles: '.wide { width: 100%; min-width: min(400px, 70vw); }',
})
export class WorkOrderReasonDialog {
  protected readonly data = inject<{ titleKey: string; labelKey?: string }>(MAT_DIALOG_DATA);
  protected readonly reason = reasonControl();
  protected readonly messages = TEXT_MESSAGES;
}

/** Picks one value from a short list (pause reason, priority, warranty judgement), with an optional note. */
@Component({
  selector: 'kg-wo-choice-dialog',
  imports: [...BASE_IMPORTS, MatRadioModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.titleKey | transloco }}</h2>
    <mat-dialog-content>
      <mat-radio-group [formControl]="choice" class="choices" [attr.aria-label]="data.titleKey | transloco">
        @for (o of data.options; track o.value) {
          <mat-radio-button [value]="o.value">{{ o.label }}</mat-radio-button>
        }
      </mat-radio-group>
      @if (data.noteKey) {
        <mat-form-field class="wide">
          <mat-label>{{ data.noteKey | transloco }}</mat-label>
          <textarea matInput [formControl]="note" rows="2"></textarea>
        </mat-form-field>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button
        mat-flat-button
        [disabled]="choice.invalid"
        [mat-dialog-close]="{ value: choice.value, note: note.value.trim() }"
        data-testid="confirm"
      >
        {{ 'common.confirm' | transloco }}
      </button>
    </mat-dialog-actions>
  `,
  styles:
    '.wide { width: 100%; min-width: min(400px, 70vw); } .choices { display: flex; flex-direction: column; gap: 4px; margin-bottom: 12px; }',
})
export class WorkOrderChoiceDialog {
  protected readonly data = inject<{
    titleKey: string;
    noteKey?: string;
    options: readonly { value: string; label: string }[];
    value?: string;
  }>(MAT_DIALOG_DATA);
  protected readonly choice = new FormControl(this.data.value ?? '', { nonNullable: true, validators: [Validators.required] });
  protected readonly note = new FormControl('', { nonNullable: true, validators: [Validators.maxLength(500)] });
}

/** A progress note of the engineer. */
@Component({
  selector: 'kg-wo-progress-dialog',
  imports: DIALOG_IMPORTS,
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'workOrders.actions.progress' | transloco }}</h2>
    <mat-dialog-content>
      <mat-form-field class="wide">
        <mat-label>{{ 'workOrders.form.progressNote' | transloco }}</mat-label>
        <textarea matInput [formControl]="note" rows="3" cdkFocusInitial data-testid="progress-note"></textarea>
        <mat-error><kg-field-error [control]="note" [messages]="messages" /></mat-error>
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button mat-flat-button [disabled]="note.invalid" [mat-dialog-close]="note.value.trim()" data-testid="confirm">
        {{ 'common.confirm' | transloco }}
      </button>
    </mat-dialog-actions>
  `,
  styles: '.wide { width: 100%; min-width: min(400px, 70vw); }',
})
export class WorkOrderProgressDialog {
  protected readonly note = reasonControl();
  protected readonly messages = TEXT_MESSAGES;
}

/** The evaluation of the equipment user or the manufacturer: 1–5 stars and an opinion. */
@Component({
  selector: 'kg-wo-evaluation-dialog',
  imports: [...DIALOG_IMPORTS, MatButtonToggleModule, MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.titleKey | transloco }}</h2>
    <mat-dialog-content>
      <p class="label" id="score-label">{{ 'workOrders.form.score' | transloco }}</p>
      <mat-button-toggle-group [formControl]="form.controls.score" aria-labelledby="score-label" class="stars" data-testid="score">
        @for (s of [1, 2, 3, 4, 5]; track s) {
          <mat-button-toggle [value]="s" [aria-label]="'workOrders.form.stars' | transloco: { score: s }">
            <mat-icon aria-hidden="true">{{ (form.controls.score.value ?? 0) >= s ? 'star' : 'star_border' }}</mat-icon>
          </mat-button-toggle>
        }
      </mat-button-toggle-group>
      @for (aspect of aspects; track aspect) {
        <p class="label" [id]="aspect + '-label'">{{ 'settlements.evaluation.' + aspect | transloco }}</p>
        <mat-button-toggle-group [formControl]="form.controls[aspect]" [attr.aria-labelledby]="aspect + '-label'" class="stars" [attr.data-testid]="aspect">
          @for (s of [1, 2, 3, 4, 5]; track s) {
            <mat-button-toggle [value]="s" [aria-label]="'workOrders.form.stars' | transloco: { score: s }">
              <mat-icon aria-hidden="true">{{ (form.controls[aspect].value ?? 0) >= s ? 'star' : 'star_border' }}</mat-icon>
            </mat-button-toggle>
          }
        </mat-button-toggle-group>
      }
      <mat-form-field class="wide">
        <mat-label>{{ 'workOrders.form.opinion' | transloco }}</mat-label>
        <textarea matInput [formControl]="form.controls.opinion" rows="3" data-testid="opinion"></textarea>
        <mat-error><kg-field-error [control]="form.controls.opinion" [messages]="messages" /></mat-error>
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button
        mat-flat-button
        [disabled]="form.invalid"
        [mat-dialog-close]="body()"
        data-testid="confirm"
      >
        {{ 'workOrders.form.submitEvaluation' | transloco }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .wide {
      width: 100%;
      min-width: min(400px, 70vw);
    }
    .label {
      margin: 0 0 8px;
      font: var(--mat-sys-label-large);
    }
    .stars {
      margin-bottom: 16px;
    }
    .stars mat-icon {
      color: #f5a623;
    }
  `,
})
export class WorkOrderEvaluationDialog {
  protected readonly data = inject<{ titleKey: string }>(MAT_DIALOG_DATA);
  protected readonly form = evaluationForm();
  protected readonly messages = TEXT_MESSAGES;
  protected readonly aspects = ['quality', 'efficiency'] as const;
  protected body() {
    return evaluationBody(this.form);
  }
}

/** The receipt the engineer submits after completing: a summary and photos of the result. */
@Component({
  selector: 'kg-wo-receipt-dialog',
  imports: [...DIALOG_IMPORTS, PhotoAttachments],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'workOrders.actions.receipt' | transloco }}</h2>
    <mat-dialog-content>
      <mat-form-field class="wide">
        <mat-label>{{ 'workOrders.form.receiptSummary' | transloco }}</mat-label>
        <textarea matInput [formControl]="form.controls.summary" rows="4" cdkFocusInitial data-testid="receipt-summary"></textarea>
        <mat-hint align="end">{{ form.controls.summary.value.length }} / 1000</mat-hint>
        <mat-error><kg-field-error [control]="form.controls.summary" [messages]="messages" /></mat-error>
      </mat-form-field>
      <kg-photo-attachments [label]="'workOrders.form.receiptPhotos' | transloco" [(attachments)]="attachments" />
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button
        mat-flat-button
        [disabled]="form.invalid"
        [mat-dialog-close]="{ summary: form.controls.summary.value.trim(), attachments: attachments() }"
        data-testid="confirm"
      >
        {{ 'workOrders.form.submitReceipt' | transloco }}
      </button>
    </mat-dialog-actions>
  `,
  styles: '.wide { width: 100%; min-width: min(440px, 70vw); }',
})
export class WorkOrderReceiptDialog {
  protected readonly form = receiptForm();
  protected readonly attachments = signal<readonly Attachment[]>([]);
  protected readonly messages = TEXT_MESSAGES;
}

/** Adds or edits a processing record: steps, parts with quantities, tools, cause, result, photos. */
@Component({
  selector: 'kg-wo-record-dialog',
  imports: [...DIALOG_IMPORTS, MatIconModule, PhotoAttachments, VanPartPicker],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ (data.record ? 'workOrders.records.edit' : 'workOrders.records.add') | transloco }}</h2>
    <mat-dialog-content>
      <form [formGroup]="form" class="record">
        <mat-form-field>
          <mat-label>{{ 'workOrders.records.steps' | transloco }}</mat-label>
          <textarea matInput formControlName="steps" rows="3" cdkFocusInitial data-testid="record-steps"></textarea>
          <mat-error><kg-field-error [control]="form.controls.steps" [messages]="messages" /></mat-error>
        </mat-form-field>
        <fieldset formArrayName="parts">
          <legend>{{ 'workOrders.records.parts' | transloco }}</legend>
          <kg-van-part-picker (picked)="addStocked($event)" />
          @for (part of form.controls.parts.controls; track part; let i = $index) {
            <div class="part" [formGroupName]="i">
              <mat-form-field class="part-name">
                <mat-label>{{ 'workOrders.records.partName' | transloco }}</mat-label>
                <input matInput formControlName="name" [readonly]="!!part.controls.partId.value" [attr.data-testid]="'part-name-' + i" />
                @if (part.controls.partId.value && availableOf(part.controls.partId.value, part.controls.warehouseId.value) !== undefined) {
                  <mat-hint [attr.data-testid]="'part-available-' + i">{{
                    'workOrderParts.picker.availableShort' | transloco: { n: availableOf(part.controls.partId.value, part.controls.warehouseId.value) }
                  }}</mat-hint>
                }
                @if (part.controls.partId.value && availableOf(part.controls.partId.value, part.controls.warehouseId.value) === undefined) {
                  <mat-hint>{{ 'workOrderParts.picker.stocked' | transloco }}</mat-hint>
                }
              </mat-form-field>
              <mat-form-field class="part-qty">
                <mat-label>{{ 'workOrders.records.quantity' | transloco }}</mat-label>
                <input matInput type="number" min="1" step="1" formControlName="quantity" [attr.data-testid]="'part-qty-' + i" />
                @if (part.controls.quantity.hasError('max')) {
                  <mat-error>{{ 'workOrderParts.picker.tooMany' | transloco }}</mat-error>
                }
              </mat-form-field>
              <mat-form-field class="part-unit">
                <mat-label>{{ 'workOrders.records.unit' | transloco }}</mat-label>
                <input matInput formControlName="unit" [readonly]="!!part.controls.partId.value" [attr.data-testid]="'part-unit-' + i" />
              </mat-form-field>
              <button
                mat-icon-button
                type="button"
                (click)="form.controls.parts.removeAt(i)"
                [attr.aria-label]="'workOrders.records.removePart' | transloco"
              >
                <mat-icon>delete</mat-icon>
              </button>
            </div>
          }
          <button mat-stroked-button type="button" (click)="addPart(form)" data-testid="add-part">
            <mat-icon>add</mat-icon>{{ 'workOrderParts.picker.freeText' | transloco }}
          </button>
        </fieldset>
        <mat-form-field>
          <mat-label>{{ 'workOrders.records.tools' | transloco }}</mat-label>
          <input matInput formControlName="tools" data-testid="record-tools" />
          <mat-hint>{{ 'workOrders.records.toolsHint' | transloco }}</mat-hint>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'workOrders.records.cause' | transloco }}</mat-label>
          <input matInput formControlName="cause" data-testid="record-cause" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'workOrders.records.result' | transloco }}</mat-label>
          <input matInput formControlName="result" data-testid="record-result" />
        </mat-form-field>
        <kg-photo-attachments [label]="'workOrders.records.photos' | transloco" [(attachments)]="attachments" />
      </form>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button mat-flat-button [disabled]="form.invalid" (click)="save()" data-testid="confirm">{{ 'common.save' | transloco }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .record {
      display: flex;
      flex-direction: column;
      min-width: min(520px, 76vw);
    }
    fieldset {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-small);
      margin: 0 0 16px;
      padding: 8px 12px 12px;
    }
    legend {
      font: var(--mat-sys-label-large);
      padding: 0 4px;
    }
    .part {
      display: flex;
      flex-wrap: wrap;
      gap: 0 8px;
      align-items: center;
    }
    .part-name {
      flex: 1 1 200px;
      min-width: 0;
    }
    .part-qty {
      flex: 0 0 88px;
    }
    .part-unit {
      flex: 0 0 72px;
    }
  `,
})
export class WorkOrderRecordDialog {
  protected readonly data = inject<{ record?: ProcessingRecord }>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef);
  protected readonly form = recordForm(this.data.record);
  protected readonly attachments = signal<readonly Attachment[]>(this.data.record?.attachments ?? []);
  protected readonly messages = TEXT_MESSAGES;
  protected readonly addPart = addPart;
  /** What the van had of each part picked in this dialog (warehouse:part → available). */
  private readonly picks = signal<ReadonlyMap<string, number>>(new Map());

  protected addStocked(pick: StockedPick): void {
    this.picks.update((m) => new Map(m).set(`${pick.warehouseId}:${pick.partId}`, pick.available));
    addStockedPart(this.form, pick);
  }

  protected availableOf(partId: string, warehouseId: string): number | undefined {
    return this.picks().get(`${warehouseId}:${partId}`);
  }

  protected save(): void {
    if (this.form.invalid) return;
    this.ref.close(recordBody(this.form, this.attachments()));
  }
}

/** The provider picks the engineer, led by the ranked suggestions and their reasons. */
@Component({
  selector: 'kg-wo-assign-dialog',
  imports: [...BASE_IMPORTS, MatRadioModule, LoadingPanel, StatePanel, SuggestionCard],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'workOrders.actions.assign' | transloco }}</h2>
    <mat-dialog-content>
      @if (suggestions.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco" />
      } @else if (!suggestions.hasValue()) {
        <kg-loading-panel [label]="'workOrders.suggestions.loading' | transloco" />
      } @else if (suggestions.value().length === 0) {
        <kg-state-panel icon="person_search" [title]="'workOrders.suggestions.noEngineer' | transloco" />
      } @else {
        <mat-radio-group [formControl]="engineer" class="list" [attr.aria-label]="'workOrders.actions.assign' | transloco">
          @for (s of suggestions.value(); track s.id) {
            <label class="option" [class.chosen]="engineer.value === s.id">
              <mat-radio-button [value]="s.id" [attr.data-testid]="'engineer-' + s.rank" />
              <kg-suggestion [suggestion]="s" />
            </label>
          }
        </mat-radio-group>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button mat-flat-button [disabled]="engineer.invalid" [mat-dialog-close]="engineer.value" data-testid="confirm">
        {{ 'workOrders.actions.assign' | transloco }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    .list {
      display: flex;
      flex-direction: column;
      gap: 8px;
      min-width: min(520px, 76vw);
    }
    .option {
      display: flex;
      gap: 4px;
      align-items: flex-start;
      padding: 8px;
      border-radius: var(--mat-sys-corner-medium);
      border: 1px solid var(--mat-sys-outline-variant);
      cursor: pointer;
    }
    .option.chosen {
      border-color: var(--mat-sys-primary);
      background: var(--mat-sys-secondary-container);
    }
    kg-suggestion {
      flex: 1;
      min-width: 0;
    }
  `,
})
export class WorkOrderAssignDialog {
  private readonly api = inject(WorkOrdersApi);
  protected readonly data = inject<{ workOrderId: string }>(MAT_DIALOG_DATA);
  protected readonly engineer = new FormControl('', { nonNullable: true, validators: [Validators.required] });
  protected readonly suggestions = rxResource({
    params: () => this.data.workOrderId,
    stream: ({ params }) => this.api.engineerSuggestions(params),
  });
  constructor() {
    // The top suggestion is what most providers take: chosen already, one click confirms it.
    effect(() => {
      const top = this.suggestions.hasValue() ? this.suggestions.value()[0] : undefined;
      if (top && !this.engineer.value) this.engineer.setValue(top.id);
    });
  }
}
