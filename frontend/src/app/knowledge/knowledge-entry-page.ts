import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { HttpErrorResponse } from '@angular/common/http';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { ApiErrorBody } from '../core/api/api-error';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { AttachmentPreview } from '../work-orders/ui/attachment-preview';
import { KnowledgeApi } from './knowledge.api';
import type { KnowledgeEntry } from './knowledge.model';

type Step = 'propose' | 'approve' | 'reject' | 'publish' | 'retire';

/** 知识条目: a repair plan with its steps, parts, tools and pictures; its review for those whose turn it is. */
@Component({
  selector: 'kg-knowledge-entry-page',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, RouterLink, TranslocoPipe, AttachmentPreview, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      @if (entry.error()) {
        <kg-state-panel tone="error" icon="search_off" [title]="'collaboration.knowledge.notFound' | transloco">
          <a mat-flat-button routerLink="/knowledge">{{ 'collaboration.knowledge.back' | transloco }}</a>
        </kg-state-panel>
      } @else if (!current()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        @let e = current()!;
        <header class="kg-page-head">
          <div>
            <h1 data-testid="kb-title">{{ e.title }}</h1>
            <p class="kg-lead chips">
              <span class="kg-chip">{{ 'workOrders.deviceTypes.' + e.deviceType | transloco }}</span>
              <span class="kg-chip fault">{{ 'workOrders.faultTypes.' + e.faultType | transloco }}</span>
              @for (m of e.models; track m) {
                <span class="kg-chip kg-mono">{{ m }}</span>
              }
              <span class="kg-chip status" data-testid="kb-status">{{ 'collaboration.knowledge.statuses.' + e.status | transloco }}</span>
            </p>
          </div>
          <a mat-button routerLink="/knowledge"><mat-icon>arrow_back</mat-icon>{{ 'collaboration.knowledge.back' | transloco }}</a>
        </header>
        @if (e.actions.length) {
          <section class="kg-card" data-testid="kb-actions">
            <h2><mat-icon aria-hidden="true">fact_check</mat-icon>{{ 'collaboration.knowledge.review.title' | transloco }}</h2>
            @if (needsText()) {
              <mat-form-field class="wide">
                <mat-label>{{ 'collaboration.knowledge.review.note' | transloco }}</mat-label>
                <textarea matInput rows="2" [(ngModel)]="note" data-testid="kb-note"></textarea>
              </mat-form-field>
            }
            @if (problem()) {
              <p class="problem" role="alert">{{ problem() }}</p>
            }
            <div class="kg-actions">
              @if (e.actions.includes('revise')) {
                <a mat-stroked-button [routerLink]="['/knowledge', e.id, 'edit']"><mat-icon>edit</mat-icon>{{ 'collaboration.knowledge.actions.revise' | transloco }}</a>
              }
              @for (s of steps(); track s) {
                <button mat-flat-button [disabled]="busy()" (click)="take(s)" [attr.data-testid]="'kb-' + s">{{ 'collaboration.knowledge.actions.' + s | transloco }}</button>
              }
            </div>
          </section>
        }
        <div class="columns">
          <div class="main">
            <section class="kg-card">
              <h2><mat-icon aria-hidden="true">report_problem</mat-icon>{{ 'collaboration.knowledge.fields.symptom' | transloco }}</h2>
              <p>{{ e.symptom || '—' }}</p>
              <h3>{{ 'collaboration.knowledge.fields.cause' | transloco }}</h3>
              <p>{{ e.cause || '—' }}</p>
            </section>
            <section class="kg-card" data-testid="kb-steps">
              <h2><mat-icon aria-hidden="true">format_list_numbered</mat-icon>{{ 'collaboration.knowledge.fields.steps' | transloco }}</h2>
              <ol class="steps">
                @for (s of e.steps; track $index) {
                  <li>{{ s }}</li>
                }
              </ol>
            </section>
            @if (e.images.length) {
              <section class="kg-card">
                <h2><mat-icon aria-hidden="true">photo_library</mat-icon>{{ 'collaboration.knowledge.fields.images' | transloco }}</h2>
                <div class="photos">
                  @for (i of e.images; track i.blobId) {
                    <kg-attachment-preview [blobId]="i.blobId" [label]="e.title" />
                  }
                </div>
              </section>
            }
          </div>
          <div class="main">
            <section class="kg-card">
              <h2><mat-icon aria-hidden="true">inventory_2</mat-icon>{{ 'collaboration.knowledge.fields.parts' | transloco }}</h2>
              @if (e.parts.length) {
                <ul class="plain">
                  @for (p of e.parts; track p.name) {
                    <li>{{ p.name }} × {{ p.quantity }}{{ p.unit }}</li>
                  }
                </ul>
              } @else {
                <p class="muted">—</p>
              }
              <h3>{{ 'collaboration.knowledge.fields.tools' | transloco }}</h3>
              <p class="chips">
                @for (t of e.tools; track t) {
                  <span class="kg-chip">{{ t }}</span>
                } @empty {
                  <span class="muted">—</span>
                }
              </p>
            </section>
            <section class="kg-card">
              <h2><mat-icon aria-hidden="true">info</mat-icon>{{ 'collaboration.knowledge.about' | transloco }}</h2>
              <dl class="kg-facts">
                <div><dt>{{ 'collaboration.knowledge.fields.owner' | transloco }}</dt><dd>{{ e.ownerName ?? e.ownerId }}</dd></div>
                @if (e.source) {
                  <div>
                    <dt>{{ 'collaboration.knowledge.fields.source' | transloco }}</dt>
                    <dd><a class="kg-mono" [routerLink]="['/work-orders', e.source.workOrderId]">{{ e.source.number }}</a></dd>
                  </div>
                }
                @if (e.publishedAt) {
                  <div><dt>{{ 'collaboration.knowledge.fields.publishedAt' | transloco }}</dt><dd>{{ when(e.publishedAt) }}</dd></div>
                }
                @if (e.review) {
                  <div>
                    <dt>{{ 'collaboration.knowledge.fields.review' | transloco }}</dt>
                    <dd>{{ 'collaboration.knowledge.decisions.' + e.review.decision | transloco }} · {{ when(e.review.at) }}@if (e.review.opinion) { · {{ e.review.opinion }} }</dd>
                  </div>
                }
              </dl>
            </section>
          </div>
        </div>
      }
    </div>
  `,
  styles: `
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .fault {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .status {
      background: var(--mat-sys-secondary-container);
    }
    .columns {
      display: grid;
      grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
      gap: 16px;
      align-items: start;
    }
    .main {
      display: flex;
      flex-direction: column;
      gap: 16px;
      min-width: 0;
    }
    .steps li {
      margin: 6px 0;
    }
    .plain {
      margin: 0;
      padding-left: 20px;
    }
    .photos {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .wide {
      width: 100%;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .problem {
      color: var(--mat-sys-error);
    }
    @media (max-width: 900px) {
      .columns {
        grid-template-columns: minmax(0, 1fr);
      }
    }
  `,
})
export class KnowledgeEntryPage {
  private readonly api = inject(KnowledgeApi);
  private readonly locale = inject(LocaleService);
  readonly id = input.required<string>();
  protected readonly entry = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.entry(params) });
  private readonly updated = signal<KnowledgeEntry | null>(null);
  protected readonly current = computed(() => (this.updated()?.id === this.id() ? this.updated() : this.entry.hasValue() ? this.entry.value() : null));
  protected readonly steps = computed(() => (this.current()?.actions ?? []).filter((a): a is Step => a !== 'revise'));
  protected readonly needsText = computed(() => this.steps().some((s) => s === 'approve' || s === 'reject' || s === 'retire'));
  protected readonly busy = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected note = '';

  protected when(at: string): string {
    return formatDateTime(at, this.locale.language());
  }

  protected take(step: Step): void {
    const text = this.note.trim();
    const body = step === 'approve' ? { opinion: text } : step === 'reject' || step === 'retire' ? { reason: text } : {};
    this.busy.set(true);
    this.problem.set(null);
    this.api.step(this.id(), step, body).subscribe({
      next: (e) => {
        this.updated.set(e);
        this.note = '';
        this.busy.set(false);
      },
      error: (error: HttpErrorResponse) => {
        this.busy.set(false);
        const body = error.error as ApiErrorBody | null;
        this.problem.set(body?.errors?.[0]?.message ?? body?.message ?? error.message);
      },
    });
  }
}
