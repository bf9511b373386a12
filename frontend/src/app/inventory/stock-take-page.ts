import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { describeRequestError } from '../core/api/api-error';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { yuan } from './inventory.model';
import { StockTakeApi } from './stock-take.api';
import { countOf, matchingLines, type StockTake, type StockTakeLine } from './stock-take.model';

type LineFilter = 'all' | 'uncounted' | 'variance';

/**
 * 盘点单: one line per part, made for a phone — scan or type a part code to find its line, type the
 * count in a big numeric field and save it (Enter saves too); the variance report beside it values each
 * difference at the frozen moving average; submit, approve (posting the adjustments) or cancel.
 */
@Component({
  selector: 'kg-stock-take-page',
  imports: [MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatIconModule, MatInputModule, RouterLink, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a mat-button routerLink="/inventory/stock-takes" data-testid="stock-take-back"><mat-icon aria-hidden="true">arrow_back</mat-icon>{{ 'stockTake.detail.back' | transloco }}</a>
    @if (session.error()) {
      <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
        <button mat-flat-button (click)="session.reload()">{{ 'common.retry' | transloco }}</button>
      </kg-state-panel>
    } @else if (!session.hasValue()) {
      <kg-loading-panel [label]="'common.loading' | transloco" />
    } @else {
      @let s = session.value();
      <section class="kg-card">
        <h2>
          <mat-icon aria-hidden="true">fact_check</mat-icon>{{ s.warehouseName }}@if (s.categoryCode) {<span class="kg-mono">&nbsp;· {{ s.categoryCode }}</span>}
          <span class="kg-chip" [class.warn]="s.status === 'submitted'" [class.ok]="s.status === 'approved'" data-testid="stock-take-status">{{ 'stockTake.statuses.' + s.status | transloco }}</span>
        </h2>
        @if (s.note) {
          <p class="kg-lead">{{ s.note }}</p>
        }
        <dl class="totals" data-testid="stock-take-totals">
          <div><dt>{{ 'stockTake.fields.progress' | transloco }}</dt><dd data-testid="stock-take-progress">{{ s.countedCount }} / {{ s.lineCount }}</dd></div>
          <div><dt>{{ 'stockTake.report.gain' | transloco }}</dt><dd>+{{ s.totals.gainQuantity }} · {{ yuan(s.totals.gainValueFen) }}</dd></div>
          <div><dt>{{ 'stockTake.report.loss' | transloco }}</dt><dd>−{{ s.totals.lossQuantity }} · {{ yuan(-s.totals.lossValueFen) }}</dd></div>
          <div><dt>{{ 'stockTake.report.net' | transloco }}</dt><dd data-testid="stock-take-net">{{ yuan(s.totals.netValueFen) }}</dd></div>
        </dl>
        <p class="kg-lead">{{ 'stockTake.report.frozen' | transloco }}</p>
        <div class="steps">
          @if (s.yourSteps.includes('submit')) {
            <button mat-flat-button (click)="step('submit')" [disabled]="busy()" data-testid="stock-take-submit">{{ 'stockTake.steps.submit' | transloco }}</button>
          }
          @if (s.yourSteps.includes('approve')) {
            <button mat-flat-button (click)="step('approve')" [disabled]="busy()" data-testid="stock-take-approve">{{ 'stockTake.steps.approve' | transloco }}</button>
          }
          @if (s.yourSteps.includes('cancel')) {
            <button mat-stroked-button (click)="step('cancel')" [disabled]="busy()" data-testid="stock-take-cancel">{{ 'stockTake.steps.cancel' | transloco }}</button>
          }
          @if (s.status === 'submitted' && !s.yourSteps.includes('approve')) {
            <span class="kg-lead" data-testid="stock-take-four-eyes">{{ 'stockTake.detail.fourEyes' | transloco }}</span>
          }
        </div>
        @if (refused(); as message) {
          <kg-state-panel tone="error" icon="error" [title]="'stockTake.refused' | transloco" [message]="message" data-testid="stock-take-refused" />
        }
      </section>

      <section class="kg-card">
        <div class="search">
          <mat-form-field class="wide">
            <mat-label>{{ 'stockTake.detail.search' | transloco }}</mat-label>
            <mat-icon matPrefix aria-hidden="true">qr_code_scanner</mat-icon>
            <input matInput #search autocomplete="off" autocapitalize="characters" enterkeyhint="search" [value]="q()" (input)="q.set(search.value)" (keydown.enter)="focusFirst()" data-testid="stock-take-search" />
          </mat-form-field>
          <mat-button-toggle-group [value]="filter()" (change)="filter.set($event.value)" [attr.aria-label]="'stockTake.detail.show' | transloco">
            @for (f of filters; track f) {
              <mat-button-toggle [value]="f" [attr.data-testid]="'stock-take-lines-' + f">{{ 'stockTake.detail.lines.' + f | transloco }}</mat-button-toggle>
            }
          </mat-button-toggle-group>
        </div>
        @if (shown().length === 0) {
          <kg-state-panel icon="search_off" [title]="'stockTake.detail.noLines' | transloco" />
        }
        <ul class="lines" data-testid="stock-take-lines">
          @for (l of shown(); track l.partId) {
            <li class="line" [class.variance]="l.variance !== null && l.variance !== 0" [attr.data-testid]="'line-' + l.partCode">
              <div class="part">
                <span class="kg-mono code">{{ l.partCode }}</span>
                <span class="name">{{ l.partName }}</span>
              </div>
              <div class="figures">
                <span>{{ 'stockTake.fields.book' | transloco }} <b data-testid="line-book">{{ l.bookQuantity }}</b></span>
                @if (l.movedDuringCount !== 0) {
                  <span class="moved" data-testid="line-moved">{{ 'stockTake.fields.moved' | transloco }} {{ l.movedDuringCount > 0 ? '+' : '' }}{{ l.movedDuringCount }}</span>
                }
                @if (l.variance !== null) {
                  <span data-testid="line-variance">{{ 'stockTake.fields.variance' | transloco }} <b>{{ l.variance > 0 ? '+' : '' }}{{ l.variance }}</b> · {{ yuan(l.varianceValueFen) }}</span>
                }
                @if (l.posting) {
                  <span class="posted" data-testid="line-posted">{{ 'stockTake.fields.posted' | transloco }} {{ yuan(l.posting.valueFen) }}</span>
                }
                @if (l.refusal) {
                  <span class="refusal">{{ l.refusal.message }}</span>
                }
              </div>
              @if (counting()) {
                <div class="count">
                  <mat-form-field subscriptSizing="dynamic">
                    <mat-label>{{ 'stockTake.fields.counted' | transloco }} ({{ l.unit }})</mat-label>
                    <input
                      matInput
                      #count
                      class="count-input"
                      type="text"
                      inputmode="numeric"
                      pattern="[0-9]*"
                      autocomplete="off"
                      enterkeyhint="done"
                      [value]="l.countedQuantity ?? ''"
                      (keydown.enter)="save(l, count.value)"
                      [attr.data-testid]="'count-' + l.partCode"
                    />
                  </mat-form-field>
                  <button mat-flat-button class="save" (click)="save(l, count.value)" [disabled]="busy()" [attr.data-testid]="'save-' + l.partCode">{{ 'stockTake.detail.save' | transloco }}</button>
                </div>
              } @else if (l.countedQuantity !== null) {
                <div class="figures"><span>{{ 'stockTake.fields.counted' | transloco }} <b data-testid="line-counted">{{ l.countedQuantity }}</b></span></div>
              }
            </li>
          }
        </ul>
      </section>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    :host > a {
      align-self: flex-start;
    }
    .kg-chip {
      margin-inline-start: 12px;
      font-size: 0.8rem;
    }
    .totals {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(140px, 1fr));
      gap: 8px 16px;
      margin: 8px 0;
    }
    .totals dt {
      font-size: 0.8rem;
      opacity: 0.75;
    }
    .totals dd {
      margin: 0;
      font-size: 1.1rem;
      font-variant-numeric: tabular-nums;
    }
    .steps {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .search {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 16px;
      align-items: center;
    }
    .search .wide {
      flex: 1 1 240px;
    }
    .lines {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .line {
      display: grid;
      grid-template-columns: minmax(0, 2fr) minmax(0, 2fr) minmax(220px, 1.5fr);
      gap: 8px 16px;
      align-items: center;
      padding: 12px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .line.variance .figures [data-testid='line-variance'] {
      color: var(--mat-sys-error);
    }
    .part {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }
    .code {
      font-size: 1.05rem;
      font-weight: 600;
    }
    .name {
      overflow-wrap: anywhere;
    }
    .figures {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      font-variant-numeric: tabular-nums;
    }
    .moved,
    .posted {
      opacity: 0.8;
    }
    .refusal {
      color: var(--mat-sys-error);
    }
    .count {
      display: flex;
      gap: 8px;
      align-items: center;
    }
    .count mat-form-field {
      flex: 1 1 auto;
      min-width: 0;
    }
    .count-input {
      font-size: 1.4rem;
      min-height: 2rem;
    }
    .save {
      min-height: 48px;
      min-width: 72px;
    }
    @media (max-width: 720px) {
      .line {
        grid-template-columns: minmax(0, 1fr);
      }
    }
  `,
})
export class StockTakePage {
  private readonly api = inject(StockTakeApi);
  readonly id = input.required<string>();
  protected readonly yuan = yuan;
  protected readonly filters: readonly LineFilter[] = ['all', 'uncounted', 'variance'];
  protected readonly filter = signal<LineFilter>('all');
  protected readonly q = signal('');
  protected readonly busy = signal(false);
  protected readonly refused = signal<string | null>(null);
  protected readonly session = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.get(params) });
  protected readonly counting = computed(() => this.session.hasValue() && this.session.value().yourSteps.includes('count'));
  protected readonly shown = computed((): readonly StockTakeLine[] => {
    if (!this.session.hasValue()) return [];
    const lines = matchingLines(this.session.value().lines, this.q());
    const f = this.filter();
    return f === 'uncounted' ? lines.filter((l) => l.countedQuantity === null) : f === 'variance' ? lines.filter((l) => l.variance !== null && l.variance !== 0) : lines;
  });

  /** A scanner ends the code with Enter: go straight to the count of the line it found. */
  protected focusFirst(): void {
    const first = this.shown()[0];
    if (first) document.querySelector<HTMLInputElement>(`[data-testid="count-${CSS.escape(first.partCode)}"]`)?.focus();
  }

  protected save(line: StockTakeLine, text: string): void {
    const counted = countOf(text);
    if (counted === null) {
      this.refused.set(`${line.partCode}: ${text}`);
      return;
    }
    this.run(this.api.count(this.id(), [{ partId: line.partId, countedQuantity: counted }]));
  }

  protected step(step: 'submit' | 'approve' | 'cancel'): void {
    this.run(this.api.step(this.id(), step, step === 'cancel' ? { reason: '取消盘点' } : {}));
  }

  private run(request: ReturnType<StockTakeApi['get']>): void {
    this.busy.set(true);
    this.refused.set(null);
    request.subscribe({
      next: (s: StockTake) => {
        this.busy.set(false);
        this.session.set(s);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const problem = describeRequestError(error);
        this.refused.set(problem?.kind === 'rejected' ? (problem.message ?? '') : '');
      },
    });
  }
}
