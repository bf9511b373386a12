import { Injectable, inject } from '@angular/core';
import { map, type Observable } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import {
  apiParams,
  type AnalyticsFilters,
  type BreakdownItem,
  type Dimension,
  type EngineerPerformance,
  type Granularity,
  type LiveBoard,
  type Metric,
  type Overview,
  type SeriesPoint,
} from './analytics.model';

/** GET /api/v1/analytics/*: the dashboards' numbers in the caller's scope. */
@Injectable({ providedIn: 'root' })
export class AnalyticsApi {
  private readonly rest = inject(RestClient);

  overview(f: AnalyticsFilters): Observable<Overview> {
    return this.rest.get('/api/v1/analytics/overview', { params: apiParams(f), handledErrorStatuses: [400] });
  }

  series(f: AnalyticsFilters, metric: Metric, granularity: Granularity): Observable<SeriesPoint[]> {
    return this.rest
      .get<{ items: SeriesPoint[] }>('/api/v1/analytics/series', { params: { ...apiParams(f), metric, granularity }, handledErrorStatuses: [400] })
      .pipe(map((r) => r.items));
  }

  breakdown(f: AnalyticsFilters, dimension: Dimension, metric: Metric): Observable<BreakdownItem[]> {
    return this.rest
      .get<{ items: BreakdownItem[] }>('/api/v1/analytics/breakdown', { params: { ...apiParams(f), dimension, metric }, handledErrorStatuses: [400] })
      .pipe(map((r) => r.items));
  }

  /** GET /api/v1/analytics/live: the orders open, overdue and done today, and the ones that moved last. */
  live(region: string, recent = 12): Observable<LiveBoard> {
    return this.rest.get('/api/v1/analytics/live', { params: { ...(region ? { regionCode: region } : {}), recent }, handledErrorStatuses: [400] });
  }

  engineers(f: AnalyticsFilters): Observable<EngineerPerformance[]> {
    return this.rest
      .get<{ items: EngineerPerformance[] }>('/api/v1/analytics/engineers', { params: apiParams(f), handledErrorStatuses: [400] })
      .pipe(map((r) => r.items));
  }
}
