import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { TranslocoPipe } from '@jsverse/transloco';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { ExpertHelpApi } from './expert-help.api';
import { type Expert, type ExpertHelp, type ExpertQuery, fenOf, yuan } from './expert-help.model';

const FORM = [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatIconModule, TranslocoPipe];

/** Asks for one text: a decline's reason, a closing summary. */
@Component({
  selector: 'kg-expert-text-dialog',
  imports: FORM,
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.titleKey | transloco }}</h2>
    <mat-dialog-content>
      <mat-form-field class="wide">
        <mat-label>{{ data.labelKey | transloco }}</mat-label>
        <textarea matInput [formControl]="text" rows="5" cdkFocusInitial data-testid="dialog-text"></textarea>
        @if (data.hintKey) {
          <mat-hint>{{ data.hintKey | transloco }}</mat-hint>
        }
        <mat-error>{{ 'expertHelp.form.required' | transloco }}</mat-error>
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button mat-flat-button [disabled]="text.invalid" [mat-dialog-close]="text.value.trim()" data-testid="dialog-confirm">{{ 'common.confirm' | transloco }}</button>
    </mat-dialog-actions>
  `,
  styles: '.wide { width: 100%; min-width: min(440px, 76vw); }',
})
export class ExpertTextDialog {
  protected readonly data = inject<{ titleKey: string; labelKey: string; hintKey?: string; max: number }>(MAT_DIALOG_DATA);
  protected readonly text = new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/\S/), Validators.maxLength(this.data.max)] });
}

/** The engineer's 1–5 stars and a comment. */
@Component({
  selector: 'kg-expert-rating-dialog',
  imports: FORM,
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'expertHelp.actions.rate' | transloco }}</h2>
    <mat-dialog-content>
      <div class="stars" role="radiogroup" [attr.aria-label]="'expertHelp.form.score' | transloco">
        @for (n of [1, 2, 3, 4, 5]; track n) {
          <button mat-icon-button type="button" role="radio" [attr.aria-checked]="score() === n" [attr.aria-label]="n" (click)="score.set(n)" [attr.data-score]="n">
            <mat-icon>{{ n <= score() ? 'star' : 'star_border' }}</mat-icon>
          </button>
        }
      </div>
      <mat-form-field class="wide">
        <mat-label>{{ 'expertHelp.form.comment' | transloco }}</mat-label>
        <textarea matInput [formControl]="comment" rows="3" maxlength="500"></textarea>
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button mat-flat-button [disabled]="score() === 0" [mat-dialog-close]="{ score: score(), comment: comment.value.trim() }" data-testid="dialog-confirm">
        {{ 'common.confirm' | transloco }}
      </button>
    </mat-dialog-actions>
  `,
  styles: '.wide { width: 100%; min-width: min(400px, 76vw); } .stars { color: #b26a00; display: flex; }',
})
export class RatingDialog {
  protected readonly score = signal(0);
  protected readonly comment = new FormControl('', { nonNullable: true });
}

/** 求助专家: search the directory (field, highest fee, rating, available), pick one, ask the question. */
@Component({
  selector: 'kg-ask-expert-dialog',
  imports: [...FORM, MatSelectModule, MatSlideToggleModule, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'expertHelp.ask.title' | transloco }}</h2>
    <mat-dialog-content>
      @if (chosen(); as e) {
        <p class="picked" data-testid="ask-chosen">
          <strong>{{ e.name ?? ('expertHelp.unnamed' | transloco) }}</strong> · {{ fee(e.tariffFen) }}
          <button mat-button type="button" (click)="chosen.set(null)">{{ 'expertHelp.ask.change' | transloco }}</button>
        </p>
        <mat-form-field class="wide">
          <mat-label>{{ 'expertHelp.ask.field' | transloco }}</mat-label>
          <mat-select [formControl]="field" data-testid="ask-field">
            @for (f of e.fields; track f) {
              <mat-option [value]="f">{{ f }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field class="wide">
          <mat-label>{{ 'expertHelp.ask.question' | transloco }}</mat-label>
          <textarea matInput [formControl]="question" rows="4" maxlength="2000" data-testid="ask-question"></textarea>
          <mat-hint>{{ 'expertHelp.ask.feeHint' | transloco: { fee: fee(e.tariffFen) } }}</mat-hint>
        </mat-form-field>
        @if (error()) {
          <p class="error" role="alert">{{ error() }}</p>
        }
      } @else {
        <div class="filters">
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ 'expertHelp.search.field' | transloco }}</mat-label>
            <input matInput [formControl]="filterField" data-testid="expert-filter-field" />
          </mat-form-field>
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ 'expertHelp.search.maxFee' | transloco }}</mat-label>
            <input matInput [formControl]="maxFee" inputmode="decimal" />
          </mat-form-field>
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ 'expertHelp.search.minRating' | transloco }}</mat-label>
            <mat-select [formControl]="minRating">
              <mat-option [value]="null">{{ 'expertHelp.search.any' | transloco }}</mat-option>
              @for (r of [3, 4, 4.5]; track r) {
                <mat-option [value]="r">≥ {{ r }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field subscriptSizing="dynamic">
            <mat-label>{{ 'expertHelp.search.sort' | transloco }}</mat-label>
            <mat-select [formControl]="sort">
              @for (s of sorts; track s) {
                <mat-option [value]="s">{{ 'expertHelp.search.sorts.' + s | transloco }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-slide-toggle [formControl]="onlyAvailable">{{ 'expertHelp.search.available' | transloco }}</mat-slide-toggle>
          <button mat-stroked-button type="button" (click)="search()"><mat-icon>search</mat-icon>{{ 'expertHelp.search.go' | transloco }}</button>
        </div>
        @if (experts.isLoading()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else if (experts.error()) {
          <kg-state-panel tone="error" icon="error" [title]="'expertHelp.search.failed' | transloco" />
        } @else if (experts.hasValue() && experts.value().items.length === 0) {
          <kg-state-panel icon="person_search" [title]="'expertHelp.search.none' | transloco" [message]="'expertHelp.search.noneHint' | transloco" />
        } @else if (experts.hasValue()) {
          <ul class="experts" data-testid="expert-results">
            @for (e of experts.value().items; track e.id) {
              <li>
                <div class="info">
                  <strong>{{ e.name ?? ('expertHelp.unnamed' | transloco) }}</strong>
                  <span class="sub">{{ e.fields.join('、') }} · {{ 'expertHelp.years' | transloco: { n: e.years } }}</span>
                  <span class="sub">
                    {{ fee(e.tariffFen) }} ·
                    {{ e.rating === null ? ('expertHelp.noRating' | transloco) : ('expertHelp.ratingOf' | transloco: { rating: e.rating, n: e.ratingCount }) }}
                    · {{ 'expertHelp.openHelps' | transloco: { n: e.openHelps } }}
                  </span>
                </div>
                <button mat-flat-button type="button" [disabled]="!e.available" (click)="choose(e)" data-testid="expert-choose">
                  {{ (e.available ? 'expertHelp.ask.choose' : 'expertHelp.unavailable') | transloco }}
                </button>
              </li>
            }
          </ul>
          <p class="sub">{{ 'expertHelp.search.total' | transloco: { n: experts.value().total } }}</p>
        }
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      @if (chosen()) {
        <button mat-flat-button [disabled]="question.invalid || field.invalid || sending()" (click)="send()" data-testid="ask-send">
          <mat-icon>send</mat-icon>{{ 'expertHelp.ask.send' | transloco }}
        </button>
      }
    </mat-dialog-actions>
  `,
  styles: `
    .wide { width: 100%; }
    :host { display: block; }
    mat-dialog-content { min-width: min(560px, 86vw); }
    .filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 8px; }
    .filters mat-form-field { width: 160px; }
    .experts { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 8px; }
    .experts li { display: flex; gap: 8px; align-items: center; justify-content: space-between; border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; padding: 8px 12px; }
    .info { display: flex; flex-direction: column; min-width: 0; }
    .sub { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .error { color: var(--mat-sys-error); }
    @media (max-width: 599.98px) { .filters mat-form-field { width: 100%; } .experts li { flex-direction: column; align-items: stretch; } }
  `,
})
export class AskExpertDialog {
  private readonly api = inject(ExpertHelpApi);
  private readonly ref = inject<MatDialogRef<AskExpertDialog, ExpertHelp>>(MatDialogRef);
  protected readonly data = inject<{ workOrderId: string }>(MAT_DIALOG_DATA);
  protected readonly sorts = ['rating', 'fee', 'experience', 'workload'] as const;
  protected readonly filterField = new FormControl('', { nonNullable: true });
  protected readonly maxFee = new FormControl('', { nonNullable: true });
  protected readonly minRating = new FormControl<number | null>(null);
  protected readonly sort = new FormControl<(typeof this.sorts)[number]>('rating', { nonNullable: true });
  protected readonly onlyAvailable = new FormControl(true, { nonNullable: true });
  protected readonly field = new FormControl('', { nonNullable: true, validators: [Validators.required] });
  protected readonly question = new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/\S/)] });
  protected readonly chosen = signal<Expert | null>(null);
  protected readonly sending = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly query = signal<ExpertQuery>({ available: true, sort: 'rating', pageSize: 20 });
  protected readonly experts = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.experts(params) });
  protected readonly hasResults = computed(() => this.experts.hasValue() && this.experts.value().items.length > 0);

  protected search(): void {
    const fee = this.maxFee.value.trim() ? fenOf(this.maxFee.value) : null;
    this.query.set({
      ...(this.filterField.value.trim() ? { field: this.filterField.value.trim() } : {}),
      ...(fee !== null ? { maxFeeFen: fee } : {}),
      ...(this.minRating.value !== null ? { minRating: this.minRating.value } : {}),
      ...(this.onlyAvailable.value ? { available: true } : {}),
      sort: this.sort.value,
      pageSize: 20,
    });
  }

  protected choose(e: Expert): void {
    this.chosen.set(e);
    this.field.setValue(this.filterField.value.trim() && e.fields.includes(this.filterField.value.trim()) ? this.filterField.value.trim() : (e.fields[0] ?? ''));
  }

  protected send(): void {
    const e = this.chosen();
    if (!e) return;
    this.sending.set(true);
    this.error.set(null);
    this.api.ask(this.data.workOrderId, { expertId: e.id, fieldCode: this.field.value, question: this.question.value.trim(), attachmentBlobIds: [] }).subscribe({
      next: (help) => this.ref.close(help),
      error: (failure: { error?: { message?: string } }) => {
        this.sending.set(false);
        this.error.set(failure.error?.message ?? '');
      },
    });
  }

  protected fee(fen: number | null): string {
    return yuan(fen);
  }
}

/** The expert's own terms: tariff (yuan in the form, fen on the wire), availability, introduction. */
@Component({
  selector: 'kg-expert-terms-dialog',
  imports: [...FORM, MatSlideToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'expertHelp.terms.title' | transloco }}</h2>
    <mat-dialog-content>
      <mat-form-field class="wide">
        <mat-label>{{ 'expertHelp.terms.tariff' | transloco }}</mat-label>
        <span matTextPrefix>¥&nbsp;</span>
        <input matInput [formControl]="tariff" inputmode="decimal" data-testid="terms-tariff" />
        <mat-error>{{ 'expertHelp.terms.tariffRule' | transloco }}</mat-error>
      </mat-form-field>
      <mat-slide-toggle [formControl]="available" data-testid="terms-available">{{ 'expertHelp.terms.available' | transloco }}</mat-slide-toggle>
      <mat-form-field class="wide">
        <mat-label>{{ 'expertHelp.terms.bio' | transloco }}</mat-label>
        <textarea matInput [formControl]="bio" rows="3" maxlength="500"></textarea>
      </mat-form-field>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close>{{ 'common.cancel' | transloco }}</button>
      <button mat-flat-button [disabled]="tariff.invalid" (click)="save()" data-testid="dialog-confirm">{{ 'common.save' | transloco }}</button>
    </mat-dialog-actions>
  `,
  styles: '.wide { width: 100%; min-width: min(400px, 76vw); } mat-slide-toggle { display: block; margin: 8px 0 16px; }',
})
export class ExpertTermsDialog {
  private readonly ref = inject<MatDialogRef<ExpertTermsDialog, { tariffFen: number; available: boolean; bio: string }>>(MatDialogRef);
  protected readonly data = inject<{ tariffFen: number | null; available: boolean; bio: string }>(MAT_DIALOG_DATA);
  protected readonly tariff = new FormControl(this.data.tariffFen === null ? '' : (this.data.tariffFen / 100).toFixed(2), {
    nonNullable: true,
    validators: [Validators.required, Validators.pattern(/^\d{1,6}(\.\d{1,2})?$/)],
  });
  protected readonly available = new FormControl(this.data.available, { nonNullable: true });
  protected readonly bio = new FormControl(this.data.bio, { nonNullable: true });

  protected save(): void {
    const tariffFen = fenOf(this.tariff.value);
    if (tariffFen === null) return;
    this.ref.close({ tariffFen, available: this.available.value, bio: this.bio.value.trim() });
  }
}
