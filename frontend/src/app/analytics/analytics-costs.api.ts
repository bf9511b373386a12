import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import type { AnalyticsCosts, CostsQuery } from './analytics-costs.model';

/** GET /api/v1/analytics/costs: settlement costs in the caller's scope, its own side of them. */
@Injectable({ providedIn: 'root' })
export class AnalyticsCostsApi {
  private readonly rest = inject(RestClient);

  costs(query: CostsQuery): Observable<AnalyticsCosts> {
    return this.rest.get('/api/v1/analytics/costs', { params: query, handledErrorStatuses: [400] });
  }
}
