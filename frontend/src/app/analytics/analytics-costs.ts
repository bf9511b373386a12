import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { Router } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { LocaleService } from '../core/i18n/locale.service';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { catalogueLabels } from '../work-orders/catalogue';
import { AnalyticsChart, type ChartState } from './analytics-chart';
import { breakdownOption, seriesOption } from './analytics-charts';
import { AnalyticsCostsApi } from './analytics-costs.api';
import { costKpiText, shownKpis, type CostItem, type CostKpi } from './analytics-costs.model';
import { apiParams, granularityFor, periodsOf, type AnalyticsFilters, type BreakdownItem } from './analytics.model';

type Panel = 'devices' | 'faults' | 'providers';

// The shared chart helpers format by metric; 'partsValueFen' is their money metric (fen shown as ¥).
const MONEY = 'partsValueFen' as const;
/** A value axis of fen labelled in yuan, like the KPIs. */
const moneyAxis = (language: string) => ({ type: 'value', axisLabel: { formatter: (fen: number) => `¥${(fen / 100).toLocaleString(language)}` } });

/** 费用: settlement costs of the board's filters — my side of them — with the settlements behind a provider or a region one click away. */
@Component({
  selector: 'kg-analytics-costs',
  imports: [MatButtonModule, TranslocoPipe, AnalyticsChart, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (costs.error()) {
      <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco" [message]="'analyticsCosts.errorHint' | transloco">
        <button mat-flat-button (click)="costs.reload()">{{ 'common.retry' | transloco }}</button>
      </kg-state-panel>
    } @else if (!costs.hasValue()) {
      <kg-loading-panel [label]="'common.loading' | transloco" />
    } @else {
      <section class="kpis" data-testid="cost-kpis">
        @for (k of kpis(); track k) {
          <button type="button" class="kpi" (click)="openSettlements()" [attr.data-testid]="'cost-kpi-' + k">
            <span class="label">{{ 'analyticsCosts.kpis.' + k | transloco }}</span>
            <span class="value">{{ kpiText(k) }}</span>
          </button>
        }
      </section>
      @if (empty()) {
        <kg-state-panel icon="payments" [title]="'analyticsCosts.empty.title' | transloco" [message]="'analyticsCosts.empty.hint' | transloco" data-testid="costs-empty" />
      } @else {
        <div class="grid">
          <kg-analytics-chart class="kg-card wide" [title]="'analyticsCosts.panels.trend' | transloco" state="ready" [options]="trendOptions()" data-testid="cost-trend" />
          @for (p of panels(); track p.id) {
            <kg-analytics-chart class="kg-card" [title]="p.title" [state]="p.state" [options]="p.options" (picked)="pick(p.id, p.items, $event)" [attr.data-testid]="'cost-' + p.id" />
          }
        </div>
        <p class="hint">{{ 'analyticsCosts.drillHint' | transloco }}</p>
      }
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .kpis {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
      gap: 12px;
      margin: 16px 0;
    }
    .kpi {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 4px;
      padding: 12px 16px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
      background: var(--mat-sys-surface-container-low);
      color: var(--mat-sys-on-surface);
      cursor: pointer;
      text-align: left;
      min-width: 0;
    }
    .kpi .label {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .kpi .value {
      font: var(--mat-sys-title-large);
      font-variant-numeric: tabular-nums;
      overflow-wrap: anywhere;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 380px), 1fr));
      gap: 16px;
    }
    .wide {
      grid-column: 1 / -1;
    }
    .hint {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class AnalyticsCosts {
  private readonly api = inject(AnalyticsCostsApi);
  private readonly router = inject(Router);
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(LocaleService).language;
  private readonly catalogue = catalogueLabels();

  readonly filters = input.required<AnalyticsFilters>();
  /** The region the board is about (the caller's own when none is picked), for the settlements behind it. */
  readonly region = input('');

  protected readonly costs = rxResource({
    params: () => ({ ...apiParams(this.filters()), granularity: granularityFor(this.filters()) }),
    stream: ({ params }) => this.api.costs(params),
  });

  protected readonly kpis = computed(() => (this.costs.hasValue() ? shownKpis(this.costs.value().totals) : []));
  protected readonly empty = computed(() => {
    const t = this.costs.value()?.totals;
    return !t || (t.settlements ?? 0) + (t.cancelled ?? 0) === 0;
  });

  protected kpiText(k: CostKpi): string {
    return costKpiText(k, this.costs.value()?.totals[k], this.language());
  }

  protected readonly trendOptions = computed(() => {
    const c = this.costs.value();
    if (!c) return null;
    const granularity = granularityFor(this.filters());
    const line = (field: 'chargedFen' | 'paidFen') => ({
      metric: MONEY,
      name: this.transloco.translate(`analyticsCosts.kpis.${field}`),
      points: c.trend.map((p) => ({ period: p.period, value: p.totals[field], requests: p.totals.settlements ?? 0 })),
    });
    return { ...seriesOption([line('chargedFen'), line('paidFen')], this.language(), periodsOf(this.filters(), granularity)), yAxis: moneyAxis(this.language()) };
  });

  protected readonly panels = computed(() => {
    const c = this.costs.value();
    const lang = this.language();
    const of = (id: Panel, items: readonly CostItem[], label: (i: CostItem) => string) => {
      const bars: BreakdownItem[] = items.map((i) => ({ key: i.key, label: label(i), value: i.totals.chargedFen, requests: i.totals.settlements ?? 0 }));
      const title = this.transloco.translate(`analyticsCosts.panels.${id}`);
      const state: ChartState = bars.length === 0 ? 'empty' : 'ready';
      return { id, items: bars, title, state, options: state === 'ready' ? { ...breakdownOption(bars, MONEY, title, 'bar', lang), xAxis: moneyAxis(lang) } : null };
    };
    if (!c) return [];
    return [
      of('devices', c.byDeviceType, (i) => this.catalogue.deviceType(i.key)),
      of('faults', c.byFaultType, (i) => this.catalogue.faultType(i.key)),
      of('providers', c.byProvider, (i) => i.label),
    ];
  });

  /** The settlements list filters by provider and region (not by device or fault type): those bars open it by region. */
  protected pick(panel: Panel, items: readonly BreakdownItem[], event: { dataIndex?: number }): void {
    const item = event.dataIndex === undefined ? undefined : items[event.dataIndex];
    if (!item) return;
    this.openSettlements(panel === 'providers' ? item.key : '');
  }

  protected openSettlements(providerId = ''): void {
    const region = this.filters().region || this.region();
    const queryParams: Record<string, string> = {};
    if (providerId && providerId !== '-') queryParams['providerId'] = providerId;
    if (region && region !== 'CN') queryParams['region'] = region;
    void this.router.navigate(['/settlements/list'], { queryParams });
  }
}
