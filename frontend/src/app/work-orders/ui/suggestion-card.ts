import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../../core/i18n/locale.service';
import type { Suggestion } from '../work-order.model';

const FACTOR_ICONS: Readonly<Record<string, string>> = {
  skill: 'handyman',
  region: 'map',
  distance: 'near_me',
  workload: 'stacked_bar_chart',
  rating: 'star',
  certification: 'workspace_premium',
};

/** One ranked provider or engineer with every factor of its score and why it counts. */
@Component({
  selector: 'kg-suggestion',
  imports: [MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="head">
      <span class="rank" [attr.aria-label]="'workOrders.suggestions.rank' | transloco: { rank: suggestion().rank }">{{
        suggestion().rank
      }}</span>
      <strong class="name">{{ suggestion().name }}</strong>
      <span class="score">{{ 'workOrders.suggestions.score' | transloco: { score: score() } }}</span>
    </div>
    <ul class="factors">
      @for (f of factors(); track f.factor) {
        <li>
          <mat-icon aria-hidden="true">{{ f.icon }}</mat-icon>
          <span class="factor">{{ 'workOrders.factors.' + f.factor | transloco }}</span>
          <span class="points">+{{ f.points }}</span>
          <span class="reason">{{ f.reason }}</span>
        </li>
      }
    </ul>
  `,
  styles: `
    :host {
      display: block;
    }
    .head {
      display: flex;
      align-items: center;
      gap: 10px;
    }
    .rank {
      display: grid;
      place-items: center;
      width: 28px;
      height: 28px;
      border-radius: 50%;
      background: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
      font: var(--mat-sys-label-large);
      flex: none;
    }
    .name {
      font: var(--mat-sys-title-medium);
      flex: 1;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .score {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-primary);
      white-space: nowrap;
    }
    .factors {
      list-style: none;
      margin: 8px 0 0;
      padding: 0;
      display: grid;
      gap: 4px;
    }
    li {
      display: grid;
      grid-template-columns: 20px 5em 3.5em 1fr;
      align-items: baseline;
      gap: 6px;
      font: var(--mat-sys-body-medium);
    }
    li mat-icon {
      font-size: 18px;
      width: 18px;
      height: 18px;
      align-self: center;
      color: var(--mat-sys-on-surface-variant);
    }
    .factor {
      color: var(--mat-sys-on-surface-variant);
    }
    .points {
      font-variant-numeric: tabular-nums;
    }
    .reason {
      overflow-wrap: anywhere;
    }
  `,
})
export class SuggestionCard {
  private readonly locale = inject(LocaleService);
  readonly suggestion = input.required<Suggestion>();
  protected readonly score = computed(() => Math.round(this.suggestion().score * 10) / 10);
  protected readonly factors = computed(() => {
    const zh = this.locale.language().startsWith('zh');
    return this.suggestion().factors.map((f) => ({
      factor: f.factor,
      icon: FACTOR_ICONS[f.factor] ?? 'insights',
      points: Math.round(f.points * 10) / 10,
      reason: zh ? f.reason['zh-CN'] : f.reason.en,
    }));
  });
}
