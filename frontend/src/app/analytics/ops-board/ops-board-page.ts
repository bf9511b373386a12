import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, afterNextRender, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { NgxEchartsDirective } from 'ngx-echarts';
import { forkJoin, from, map, of, switchMap } from 'rxjs';
import { LocaleService } from '../../core/i18n/locale.service';
import { catalogueLabels } from '../../work-orders/catalogue';
import type { ChartState } from '../analytics-chart';
import { AnalyticsApi } from '../analytics.api';
import { breakdownOption, mapOption, seriesOption } from '../analytics-charts';
import { drillThrough, periodsOf, type BreakdownItem, type DrillElement, type LiveRow } from '../analytics.model';
import { childOutlines, hasMap } from '../china-maps';
import { BoardPanel } from './board-panel';
import { BOARD_COLOURS, BOARD_REFRESH_MS, barPercent, boardFilters, boardTiles, freshIds, onDark, topEngineers } from './ops-board.model';

type Option = Record<string, unknown>;

// Options are compared by content, so that a refresh with the same numbers leaves the charts alone (no flicker).
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const stateOf = (resource: { error(): unknown; hasValue(): boolean }, empty: () => boolean): ChartState =>
  resource.hasValue() ? (empty() ? 'empty' : 'ready') : resource.error() ? 'error' : 'loading';

/**
 * 运营大屏: the operator's jurisdiction on one dark, large-type screen for a wall (1920×1080, 1366×768)
 * or a laptop — live counts, the map, the 30-day trend, fault and device types, top providers and
 * engineers, and a ticker of the orders that moved last. Refreshed every 30 s in place; every element
 * opens the work-order list behind it in a new tab, so the board itself keeps running.
 */
@Component({
  selector: 'kg-ops-board-page',
  imports: [NgxEchartsDirective, MatIconModule, RouterLink, TranslocoPipe, BoardPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './ops-board-page.html',
  styleUrl: './ops-board-page.scss',
})
export class OpsBoardPage {
  private readonly api = inject(AnalyticsApi);
  private readonly router = inject(Router);
  private readonly transloco = inject(TranslocoService);
  private readonly host = inject(ElementRef<HTMLElement>);
  protected readonly language = inject(LocaleService).language;
  protected readonly catalogue = catalogueLabels();
  protected readonly colours = BOARD_COLOURS;
  protected readonly barPercent = barPercent;

  /** From the address: a region inside the caller's scope (default: all of it). */
  readonly region = input<string>();

  protected readonly now = signal(new Date());
  private readonly regionParam = computed(() => (/^(CN|\d{2}|\d{4}|\d{6})$/.test(this.region() ?? '') ? this.region()! : ''));
  // Compared by content: the range moves on at China's midnight, not at every tick of the clock.
  protected readonly filters = computed(() => boardFilters(this.now(), this.regionParam()), { equal: sameJson });
  protected readonly fullscreen = signal(false);
  protected readonly locale = computed(() => (this.language() === 'zh-CN' ? 'ZH' : 'EN'));
  private readonly still = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

  private lastRecent: readonly LiveRow[] | undefined;
  protected readonly live = rxResource({
    params: () => ({ region: this.regionParam() }),
    stream: ({ params }) =>
      this.api.live(params.region, 12).pipe(
        map((board) => {
          const fresh = freshIds(this.lastRecent, board.recent);
          this.lastRecent = board.recent;
          return { ...board, fresh };
        }),
      ),
  });
  protected readonly overview = rxResource({ params: () => this.filters(), stream: ({ params }) => this.api.overview(params) });
  protected readonly scopeRegion = computed(() => this.regionParam() || (this.overview.hasValue() ? (this.overview.value().regionCode ?? 'CN') : ''));
  protected readonly regionName = computed(() => (this.overview.hasValue() ? (this.overview.value().regionPath.at(-1)?.name ?? '') : ''));

  protected readonly series = rxResource({
    params: () => this.filters(),
    stream: ({ params }) =>
      forkJoin((['requests', 'completed'] as const).map((metric) => this.api.series(params, metric, 'day').pipe(map((points) => ({ metric, points }))))),
  });
  protected readonly faults = rxResource({ params: () => this.filters(), stream: ({ params }) => this.api.breakdown(params, 'faultType', 'requests') });
  protected readonly devices = rxResource({ params: () => this.filters(), stream: ({ params }) => this.api.breakdown(params, 'deviceType', 'requests') });
  protected readonly providers = rxResource({ params: () => this.filters(), stream: ({ params }) => this.api.breakdown(params, 'provider', 'requests') });
  protected readonly engineers = rxResource({ params: () => this.filters(), stream: ({ params }) => this.api.engineers(params) });
  protected readonly regional = rxResource({
    params: () => (this.scopeRegion() ? { f: this.filters(), region: this.scopeRegion() } : undefined),
    stream: ({ params }) =>
      this.api.breakdown({ ...params.f, region: params.region }, 'region', 'requests').pipe(
        switchMap((items) => (hasMap(params.region) ? from(this.outlines(params.region)).pipe(map((outline) => ({ items, outline }))) : of({ items, outline: null }))),
      ),
  });

  protected readonly tiles = computed(() =>
    boardTiles(this.live.hasValue() ? this.live.value() : undefined, this.overview.hasValue() ? this.overview.value() : undefined, this.filters(), this.language()),
  );
  protected readonly updatedAt = computed(() => (this.live.hasValue() ? this.clockText(new Date(this.live.value().at), true) : '—'));

  protected readonly seriesState = computed(() => stateOf(this.series, () => this.series.value()!.every((l) => l.points.length === 0)));
  protected readonly seriesOptions = computed(
    () =>
      this.series.hasValue()
        ? this.dark(
            seriesOption(
              this.series.value().map((l) => ({ ...l, name: this.transloco.translate(`analytics.metrics.${l.metric}`) })),
              this.language(),
              periodsOf(this.filters(), 'day'),
            ),
          )
        : null,
    { equal: sameJson },
  );

  protected readonly faultItems = computed(() => (this.faults.hasValue() ? this.faults.value().map((i) => ({ ...i, label: this.catalogue.faultType(i.key) })) : []));
  protected readonly faultTotal = computed(() => this.faultItems().reduce((sum, i) => sum + (i.value ?? 0), 0));
  protected readonly faultState = computed(() => stateOf(this.faults, () => this.faultTotal() === 0));
  protected readonly faultOptions = computed(() => {
    const option = breakdownOption(this.faultItems(), 'requests', this.transloco.translate('opsBoard.panels.faults'), 'pie', this.language());
    const [pie] = option['series'] as Option[];
    return this.dark({ ...option, legend: { show: false }, series: [{ ...pie, radius: ['45%', '78%'], center: ['50%', '50%'] }] });
  }, { equal: sameJson });

  protected readonly deviceItems = computed(() => (this.devices.hasValue() ? this.devices.value().map((i) => ({ ...i, label: this.catalogue.deviceType(i.key) })) : []));
  protected readonly deviceState = computed(() => stateOf(this.devices, () => this.deviceItems().every((i) => !i.requests)));
  protected readonly deviceOptions = computed(
    () => this.dark(breakdownOption(this.deviceItems(), 'requests', this.transloco.translate('opsBoard.panels.devices'), 'bar', this.language())),
    { equal: sameJson },
  );

  // Orders not dispatched yet are filed under no provider: not a provider to rank.
  protected readonly providerItems = computed(() => (this.providers.hasValue() ? this.providers.value().filter((i) => !/^[-\s]*$/.test(i.key)).slice(0, 6) : []));
  protected readonly providerMax = computed(() => Math.max(0, ...this.providerItems().map((i) => i.value ?? 0)));
  protected readonly providerState = computed(() => stateOf(this.providers, () => this.providerItems().length === 0));

  protected readonly engineerItems = computed(() => (this.engineers.hasValue() ? topEngineers(this.engineers.value(), 5) : []));
  protected readonly engineerMax = computed(() => Math.max(0, ...this.engineerItems().map((e) => e.metrics.completed ?? 0)));
  protected readonly engineerState = computed(() => stateOf(this.engineers, () => this.engineerItems().length === 0));

  protected readonly mapState = computed(() => stateOf(this.regional, () => this.regional.value()!.items.length === 0));
  protected readonly mapItems = computed(() => (this.regional.hasValue() ? this.regional.value().items : []));
  protected readonly mapOptions = computed(() => {
    if (!this.regional.hasValue() || !this.regional.value().outline) return null;
    const { items, outline } = this.regional.value();
    return this.dark(mapOption(outline!.name, outline!.codes, items, 'requests', this.language()));
  });

  protected readonly tickerState = computed(() => stateOf(this.live, () => this.live.value()!.recent.length === 0));

  constructor() {
    // The console's shell stacks its content below its toolbar and navigation, whatever z-index the
    // board takes: the board lives on the body while it is shown, moved there once the router has
    // inserted it (Angular removes its host from wherever it is).
    afterNextRender(() => document.body.appendChild(this.host.nativeElement as HTMLElement));
    const clock = setInterval(() => this.now.set(new Date()), 1_000);
    const refresh = setInterval(() => this.refresh(), BOARD_REFRESH_MS);
    const onFullscreen = () => this.fullscreen.set(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onFullscreen);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(clock);
      clearInterval(refresh);
      document.removeEventListener('fullscreenchange', onFullscreen);
    });
  }

  /** Asks again for every number; what is on screen stays until the answer replaces it. */
  protected refresh(): void {
    for (const r of [this.live, this.overview, this.series, this.faults, this.devices, this.providers, this.engineers, this.regional]) r.reload();
  }

  protected toggleFullscreen(): void {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void (this.host.nativeElement as HTMLElement).requestFullscreen?.().catch(() => undefined);
  }

  protected clockText(date: Date, seconds = false): string {
    return date.toLocaleTimeString(this.language(), { hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hour12: false, timeZone: 'Asia/Shanghai' });
  }

  protected timeOf(instant: string): string {
    return this.clockText(new Date(instant));
  }

  protected dateText(date: Date): string {
    return date.toLocaleDateString(this.language(), { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long', timeZone: 'Asia/Shanghai' });
  }

  protected statusText(status: string): string {
    return this.transloco.translate(`workOrders.statuses.${status}`);
  }

  /** The list behind a number, in a new tab: the board keeps running. */
  protected open(query: Readonly<Record<string, string>>): void {
    const url = this.router.serializeUrl(this.router.createUrlTree(['/work-orders'], { queryParams: query }));
    window.open(url, '_blank', 'noopener');
  }

  protected openOrder(id: string): void {
    window.open(this.router.serializeUrl(this.router.createUrlTree(['/work-orders', id])), '_blank', 'noopener');
  }

  protected drill(element: DrillElement): void {
    const f = this.filters();
    this.open(drillThrough({ ...f, region: f.region || this.scopeRegion() }, element));
  }

  protected pickSeries(event: { dataIndex?: number; seriesIndex?: number }): void {
    const period = event.dataIndex === undefined ? undefined : periodsOf(this.filters(), 'day')[event.dataIndex];
    if (period) this.drill({ kind: 'period', period, granularity: 'day', metric: event.seriesIndex === 1 ? 'completed' : 'requests' });
  }

  protected pickItem(dimension: 'faultType' | 'deviceType' | 'region' | 'provider', items: readonly BreakdownItem[], event: { dataIndex?: number; name?: string }): void {
    const item = dimension === 'region' ? items.find((i) => i.key === event.name || i.key === event.name?.slice(0, 4)) : event.dataIndex === undefined ? undefined : items[event.dataIndex];
    const key = item?.key ?? (dimension === 'region' ? event.name : undefined);
    if (key) this.drill({ kind: 'breakdown', dimension, key });
  }

  private dark(option: Option): Option {
    return { ...onDark(option), ...(this.still ? { animation: false } : {}) };
  }

  private async outlines(region: string): Promise<{ name: string; codes: string[] }> {
    const [{ echarts }, outline] = await Promise.all([import('../echarts-setup'), childOutlines(region)]);
    if (!echarts.getMap(outline.name)) echarts.registerMap(outline.name, outline.geoJson as never);
    return { name: outline.name, codes: outline.geoJson.features.map((f) => f.properties.name) };
  }
}
