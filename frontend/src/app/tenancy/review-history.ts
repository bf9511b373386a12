import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import type { ReviewStep } from './tenancy.model';

/** The steps of a review so far: submitted, approved, rejected…, with who and the opinion. */
@Component({
  selector: 'kg-review-history',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (rows().length) {
      <ol>
        @for (step of rows(); track $index) {
          <li>
            <strong>{{ step.action }}</strong>
            <span class="when"
              >{{ step.time }}
              @if (step.by) {
                · {{ step.by }}
              }
            </span>
            @if (step.opinion) {
              <q>{{ step.opinion }}</q>
            }
          </li>
        }
      </ol>
    } @else {
      <p class="none">{{ 'review.noHistory' | transloco }}</p>
    }
  `,
  styles: `
    ol {
      margin: 0;
      padding-left: 20px;
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .when,
    .none {
      margin-left: 8px;
      color: var(--mat-sys-on-surface-variant);
    }
    .none {
      margin: 0;
    }
    q {
      display: block;
      overflow-wrap: anywhere;
    }
  `,
})
export class ReviewHistory {
  private readonly locale = inject(LocaleService);
  readonly steps = input<readonly ReviewStep[] | undefined>([]);
  protected readonly rows = computed(() => {
    const language = this.locale.language();
    return (this.steps() ?? []).map((s) => ({ ...s, time: formatDateTime(s.at, language) }));
  });
}
