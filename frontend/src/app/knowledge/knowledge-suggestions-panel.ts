import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';
import { KnowledgeApi } from './knowledge.api';

/** 知识推荐 on a work order: published repair plans for its device and fault; a proposal once it is closed. */
@Component({
  selector: 'kg-wo-knowledge',
  imports: [MatButtonModule, MatIconModule, RouterLink, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kg-card" data-testid="wo-knowledge">
      <h2><mat-icon aria-hidden="true">menu_book</mat-icon>{{ 'collaboration.knowledge.suggestions.title' | transloco }}</h2>
      @if (suggestions.error()) {
        <p class="muted">{{ 'common.loadFailed' | transloco }}</p>
      } @else if (!suggestions.hasValue()) {
        <p class="muted">{{ 'common.loading' | transloco }}</p>
      } @else if (suggestions.value().items.length === 0) {
        <p class="muted">{{ 'collaboration.knowledge.suggestions.none' | transloco }}</p>
      } @else {
        <ol class="plans">
          @for (s of suggestions.value().items; track s.id) {
            <li>
              <a [routerLink]="['/knowledge', s.id]">{{ s.title }}</a>
              <span class="reasons">
                @for (r of s.reasons; track r) {
                  <span class="kg-chip">{{ 'collaboration.knowledge.suggestions.reasons.' + r | transloco }}</span>
                }
              </span>
              @if (s.steps.length) {
                <p class="muted first">{{ 'collaboration.knowledge.suggestions.firstStep' | transloco: { step: s.steps[0] } }}</p>
              }
            </li>
          }
        </ol>
      }
      @if (status() === 'closed' && canPropose()) {
        <a mat-stroked-button [routerLink]="['/knowledge/new']" [queryParams]="{ workOrder: workOrderId() }" data-testid="wo-knowledge-propose">
          <mat-icon>post_add</mat-icon>{{ 'collaboration.knowledge.suggestions.propose' | transloco }}
        </a>
      }
    </section>
  `,
  styles: `
    .plans {
      margin: 0 0 8px;
      padding-left: 20px;
    }
    .plans li {
      margin: 6px 0;
    }
    .reasons {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 4px;
      margin-left: 6px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .first {
      margin: 2px 0 0;
      font: var(--mat-sys-body-small);
    }
  `,
})
export class WorkOrderKnowledgePanel {
  private readonly api = inject(KnowledgeApi);
  private readonly context = inject(ActiveContext);
  readonly workOrderId = input.required<string>();
  readonly status = input<string>('');
  protected readonly canPropose = computed(() => this.context.can('knowledge:create'));
  protected readonly suggestions = rxResource({ params: () => this.workOrderId(), stream: ({ params }) => this.api.suggestions(params) });
}
