import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTabsModule } from '@angular/material/tabs';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { forkJoin, from, map, of, switchMap } from 'rxjs';
import { ActiveContext } from '../core/context/active-context';
import { LocaleService } from '../core/i18n/locale.service';
import { openExportDialog } from '../exports/export-dialog';
import { queryParamWriter } from '../shared/table/paging';
import { StatePanel } from '../shared/ui/state-panel';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { DEVICE_TYPE_CODES, FAULT_TYPE_CODES, catalogueLabels } from '../work-orders/catalogue';
import { AnalyticsApi } from './analytics.api';
import { AnalyticsChart, type ChartState } from './analytics-chart';
import { AnalyticsCosts } from './analytics-costs';
import { breakdownOption, histogramOption, mapOption, seriesOption } from './analytics-charts';
import {
  BOARDS,
  apiParams,
  MAP_METRICS,
  drillThrough,
  filtersFromParams,
  formatMetric,
  granularityFor,
  levelOf,
  periodsOf,
  type AnalyticsFilters,
  type Board,
  type BreakdownItem,
  type DrillElement,
  type Metric,
} from './analytics.model';
import { BOARD_ICONS, BOARD_SPECS, type BreakdownPanel } from './boards';
import { childOutlines, hasMap } from './china-maps';

const stateOf = (resource: { isLoading(): boolean; error(): unknown; hasValue(): boolean }, empty: () => boolean): ChartState =>
  resource.error() ? 'error' : !resource.hasValue() || resource.isLoading() ? 'loading' : empty() ? 'empty' : 'ready';

/** 数据分析: the dashboards of the caller's scope, filters in the address, every number drilling to its orders. */
@Component({
  selector: 'kg-analytics-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatTabsModule,
    RouterLink,
    TranslocoPipe,
    AnalyticsChart,
    AnalyticsCosts,
    LoadingPanel,
    StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './analytics-page.html',
  styleUrl: './analytics-page.scss',
})
export class AnalyticsPage {
  private readonly api = inject(AnalyticsApi);
  private readonly dialog = inject(MatDialog);
  private readonly context = inject(ActiveContext);
  protected readonly canExport = computed(() => this.context.can('report:export'));
  private readonly router = inject(Router);
  private readonly transloco = inject(TranslocoService);
  protected readonly language = inject(LocaleService).language;
  protected readonly catalogue = catalogueLabels();
  protected readonly to = queryParamWriter();
  protected readonly boards = BOARDS;
  protected readonly icons = BOARD_ICONS;
  protected readonly deviceTypes = DEVICE_TYPE_CODES;
  protected readonly faultTypes = FAULT_TYPE_CODES;
  protected readonly mapMetrics = MAP_METRICS;

  // Bound from the route: the board in the path, the filters in the query.
  readonly board = input<string>();
  readonly from = input<string>();
  readonly toDay = input<string>(undefined, { alias: 'to' });
  readonly region = input<string>();
  readonly deviceType = input<string>();
  readonly faultType = input<string>();
  readonly metric = input<string>();

  private readonly now = new Date();
  protected readonly current = computed<Board>(() => ((BOARDS as readonly string[]).includes(this.board() ?? '') ? (this.board() as Board) : 'overview'));
  protected readonly spec = computed(() => BOARD_SPECS[this.current()]);
  protected readonly filters = computed<AnalyticsFilters>(() =>
    filtersFromParams({ from: this.from(), to: this.toDay(), region: this.region(), deviceType: this.deviceType(), faultType: this.faultType() }, this.now),
  );
  protected readonly mapMetric = computed<Metric>(() => (MAP_METRICS.includes(this.metric() as Metric) ? (this.metric() as Metric) : 'requests'));

  protected readonly overview = rxResource({ params: () => this.filters(), stream: ({ params }) => this.api.overview(params) });
  /** The region the boards are about: the one in the address, else the caller's own (the nation for enterprises). */
  protected readonly scopeRegion = computed(() => this.filters().region || (this.overview.hasValue() ? (this.overview.value().regionCode ?? 'CN') : ''));

  protected readonly series = rxResource({
    params: () => (this.spec().series.length ? { f: this.filters(), metrics: this.spec().series, granularity: granularityFor(this.filters()) } : undefined),
    stream: ({ params }) =>
      forkJoin(params.metrics.map((metric) => this.api.series(params.f, metric, params.granularity).pipe(map((points) => ({ metric, points }))))).pipe(
        map((lines) => ({ lines, granularity: params.granularity })),
      ),
  });

  protected readonly breakdowns = rxResource({
    params: () => (this.spec().breakdowns.length ? { f: this.filters(), panels: this.spec().breakdowns } : undefined),
    stream: ({ params }) =>
      forkJoin(params.panels.map((panel) => this.api.breakdown(params.f, panel.dimension, panel.metric).pipe(map((items) => ({ panel, items }))))),
  });

  protected readonly engineers = rxResource({
    params: () => (this.current() === 'engineers' ? this.filters() : undefined),
    stream: ({ params }) => this.api.engineers(params),
  });

  protected readonly regional = rxResource({
    params: () => (this.current() === 'regions' && this.scopeRegion() ? { f: this.filters(), region: this.scopeRegion(), metric: this.mapMetric() } : undefined),
    stream: ({ params }) =>
      this.api.breakdown({ ...params.f, region: params.region }, 'region', params.metric).pipe(
        switchMap((items) =>
          hasMap(params.region)
            ? from(this.outlines(params.region)).pipe(map((outline) => ({ items, outline, metric: params.metric, region: params.region })))
            : of({ items, outline: null, metric: params.metric, region: params.region }),
        ),
      ),
  });

  protected readonly seriesState = computed(() => stateOf(this.series, () => this.series.value()!.lines.every((l) => l.points.length === 0)));
  protected readonly seriesOptions = computed(() => {
    if (!this.series.hasValue()) return null;
    const lang = this.language();
    return seriesOption(
      this.series.value().lines.map((l) => ({ ...l, name: this.transloco.translate(`analytics.metrics.${l.metric}`) })),
      lang,
      periodsOf(this.filters(), this.series.value().granularity),
    );
  });

  protected readonly breakdownCharts = computed(() => {
    const lang = this.language();
    const loaded = this.breakdowns.hasValue() ? this.breakdowns.value() : null;
    return this.spec().breakdowns.map((panel) => {
      const items = loaded?.find((b) => b.panel.id === panel.id)?.items.map((i) => this.labelled(panel, i)) ?? [];
      const state: ChartState = this.breakdowns.error() ? 'error' : !loaded || this.breakdowns.isLoading() ? 'loading' : items.every((i) => !i.requests) ? 'empty' : 'ready';
      const title = this.transloco.translate(`analytics.panels.${panel.id}`);
      return { panel, items, state, title, options: state === 'ready' ? breakdownOption(items, panel.metric, title, panel.chart, lang) : null };
    });
  });

  protected readonly histogramCharts = computed(() => {
    if (!this.spec().histograms || !this.overview.hasValue()) return [];
    const lang = this.language();
    const o = this.overview.value();
    return [
      { id: 'response', histogram: o.responseHistogram },
      { id: 'repair', histogram: o.repairHistogram },
    ].map(({ id, histogram }) => {
      const title = this.transloco.translate(`analytics.panels.${id}Histogram`);
      const empty = histogram.every((c) => c === 0);
      return { id, title, state: (empty ? 'empty' : 'ready') as ChartState, options: empty ? null : histogramOption(histogram, title, lang) };
    });
  });

  protected readonly regionalState = computed(() => stateOf(this.regional, () => this.regional.value()!.items.length === 0));
  protected readonly regionalOptions = computed(() => {
    if (!this.regional.hasValue() || !this.regional.value().outline) return null;
    const { items, outline, metric } = this.regional.value();
    return mapOption(outline!.name, outline!.codes, items, metric, this.language());
  });
  protected readonly engineersState = computed(() => stateOf(this.engineers, () => this.engineers.value()!.length === 0));
  protected readonly engineerOptions = computed(() => {
    if (!this.engineers.hasValue()) return null;
    const title = this.transloco.translate('analytics.metrics.requests');
    const items: BreakdownItem[] = this.engineers.value().map((e) => ({ key: e.engineerId, label: e.name, value: e.metrics.requests, requests: e.metrics.requests ?? 0 }));
    return breakdownOption(items, 'requests', title, 'bar', this.language());
  });

  protected metricText(value: number | null | undefined, metric: Metric): string {
    return formatMetric(value, metric, this.language());
  }

  protected apply(values: { from: string; to: string; deviceType: string; faultType: string }): void {
    this.to.filter({ ...values });
  }

  protected clear(): void {
    this.to.filter({ from: '', to: '', deviceType: '', faultType: '', region: '' });
  }

  protected setRegion(code: string): void {
    this.to.filter({ region: code });
  }

  protected setMapMetric(metric: string): void {
    this.to.filter({ metric });
  }

  /** The orders behind a clicked element, with its metric's measure filter (see drillThrough). */
  protected drillTo(element: DrillElement): void {
    const f = this.filters();
    void this.router.navigate(['/work-orders'], { queryParams: drillThrough({ ...f, region: f.region || this.scopeRegion() }, element) });
  }

  protected drillSeries(event: { dataIndex?: number; seriesIndex?: number }): void {
    if (!this.series.hasValue() || event.dataIndex === undefined) return;
    const { granularity, lines } = this.series.value();
    const period = periodsOf(this.filters(), granularity)[event.dataIndex];
    if (period) this.drillTo({ kind: 'period', period, granularity, metric: lines[event.seriesIndex ?? 0]?.metric });
  }

  protected drillBreakdown(panel: BreakdownPanel, items: readonly BreakdownItem[], event: { dataIndex?: number }): void {
    const item = event.dataIndex === undefined ? undefined : items[event.dataIndex];
    if (item) this.drillTo({ kind: 'breakdown', dimension: panel.dimension, key: item.key, metric: panel.metric });
  }

  protected drillEngineer(event: { dataIndex?: number }): void {
    const engineer = event.dataIndex === undefined || !this.engineers.hasValue() ? undefined : this.engineers.value()[event.dataIndex];
    if (engineer) this.drillTo({ kind: 'engineer', engineerId: engineer.engineerId, providerId: engineer.providerId });
  }

  /** A region picked on the map or in the ranking: a province opens its cities, anything smaller its orders. */
  protected pickRegion(code: string): void {
    if (!code) return;
    const region = this.regional.value()?.region ?? this.scopeRegion();
    if (levelOf(region) === 'nation' && hasMap(code)) this.setRegion(code);
    else this.drillTo({ kind: 'breakdown', dimension: 'region', key: code, metric: this.mapMetric() });
  }

  protected pickMapFeature(event: { name?: string }): void {
    if (event.name) this.pickRegion(event.name);
  }

  private labelled(panel: BreakdownPanel, item: BreakdownItem): BreakdownItem {
    if (panel.dimension === 'deviceType') return { ...item, label: this.catalogue.deviceType(item.key) };
    if (panel.dimension === 'faultType') return { ...item, label: this.catalogue.faultType(item.key) };
    return item;
  }

  private async outlines(region: string): Promise<{ name: string; codes: string[] }> {
    const [{ echarts }, outline] = await Promise.all([import('./echarts-setup'), childOutlines(region)]);
    if (!echarts.getMap(outline.name)) echarts.registerMap(outline.name, outline.geoJson as never);
    return { name: outline.name, codes: outline.geoJson.features.map((f) => f.properties.name) };
  }

  /** Exports the engineers' table (STAFF-3) with the board's filters, in the actor's scope. */
  protected exportEngineers(): void {
    openExportDialog(this.dialog, { kind: 'analytics-engineers', params: { ...apiParams(this.filters()) } });
  }

  /** Exports one breakdown table as the dashboard shows it (the same filters, the actor's scope). */
  protected exportBreakdown(panel: BreakdownPanel): void {
    openExportDialog(this.dialog, { kind: 'analytics-breakdown', params: { ...apiParams(this.filters()), dimension: panel.dimension, metric: panel.metric } });
  }
}
