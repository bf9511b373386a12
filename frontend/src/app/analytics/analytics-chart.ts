import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { NgxEchartsDirective } from 'ngx-echarts';
import { LocaleService } from '../core/i18n/locale.service';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';

export type ChartState = 'loading' | 'error' | 'empty' | 'ready';

/** One chart with its designed loading, empty and error states; ECharts speaks the console's language. */
@Component({
  selector: 'kg-analytics-chart',
  imports: [NgxEchartsDirective, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>{{ title() }}</h2>
    @switch (state()) {
      @case ('loading') {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      }
      @case ('error') {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <ng-content select="[retry]" />
        </kg-state-panel>
      }
      @case ('empty') {
        <kg-state-panel icon="insights" [title]="'analytics.empty.title' | transloco" [message]="'analytics.empty.hint' | transloco" />
      }
      @default {
        <!-- Re-created on a language switch: ECharts takes its locale when a chart is made. -->
        @for (locale of [locale()]; track locale) {
          <div
            echarts
            class="chart"
            [style.height.px]="height()"
            [options]="shown()"
            [initOpts]="{ locale }"
            (chartClick)="picked.emit($event)"
            [attr.aria-label]="title()"
            role="img"
          ></div>
        }
      }
    }
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    h2 {
      font: var(--mat-sys-title-medium);
      margin: 0 0 8px;
    }
    .chart {
      width: 100%;
      cursor: pointer;
    }
  `,
})
export class AnalyticsChart {
  private readonly language = inject(LocaleService).language;
  readonly title = input.required<string>();
  readonly state = input.required<ChartState>();
  readonly options = input<Record<string, unknown> | null>(null);
  readonly height = input(300);
  /** ECharts' click event: `name`, `data`, `dataIndex` of what was clicked. */
  readonly picked = output<{ name?: string; data?: unknown; dataIndex?: number }>();
  protected readonly locale = computed(() => (this.language() === 'zh-CN' ? 'ZH' : 'EN'));
  // People who asked their system for less motion get the charts drawn at once.
  private readonly still = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  protected readonly shown = computed(() => ({ ...(this.options() ?? {}), ...(this.still ? { animation: false } : {}) }));
}
