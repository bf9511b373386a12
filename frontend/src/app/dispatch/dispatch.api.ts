import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import { FORM_STATUSES, idempotent, queryOf } from '../core/api/idempotency';
import type { Page } from '../shared/table/page';
import type { EngineerProfile, EngineerProfileInput, EngineerQuery, EngineerSkillsInput, ProviderProfile, ProviderProfileInput } from './dispatch.model';

const id = encodeURIComponent;

/** Provider service profiles, the engineer directory and profiles (STAFF-1). */
@Injectable({ providedIn: 'root' })
export class DispatchApi {
  private readonly rest = inject(RestClient);

  providerProfile(enterpriseId: string): Observable<ProviderProfile> {
    return this.rest.get(`/api/v1/providers/${id(enterpriseId)}/profile`, { handledErrorStatuses: [403, 404] });
  }

  saveProviderProfile(enterpriseId: string, profile: ProviderProfileInput): Observable<ProviderProfile> {
    return this.rest.put(`/api/v1/providers/${id(enterpriseId)}/profile`, profile, { headers: idempotent(), handledErrorStatuses: [...FORM_STATUSES, 403] });
  }

  engineers(query: Partial<EngineerQuery>): Observable<Page<EngineerProfile>> {
    return this.rest.get('/api/v1/engineers', { params: queryOf({ ...query }) });
  }

  engineerProfile(enterpriseId: string, userId: string): Observable<EngineerProfile> {
    return this.rest.get(`/api/v1/engineers/${id(enterpriseId)}/${id(userId)}/profile`, { handledErrorStatuses: [403, 404] });
  }

  saveEngineerProfile(enterpriseId: string, userId: string, profile: EngineerProfileInput): Observable<EngineerProfile> {
    return this.rest.put(`/api/v1/engineers/${id(enterpriseId)}/${id(userId)}/profile`, profile, {
      headers: idempotent(),
      handledErrorStatuses: [...FORM_STATUSES, 403],
    });
  }

  /** Active members of the enterprise (first 100), to start an engineer profile for one. */
  activeMembers(enterpriseId: string): Observable<Page<{ userId: string; displayName: string | null }>> {
    return this.rest.get(`/api/v1/enterprises/${id(enterpriseId)}/members`, { params: { status: 'active', pageSize: 100 } });
  }

  myEngineerProfile(): Observable<EngineerProfile> {
    return this.rest.get('/api/v1/me/engineer-profile', { handledErrorStatuses: [403] });
  }

  saveMySkills(skills: EngineerSkillsInput): Observable<EngineerProfile> {
    return this.rest.put('/api/v1/me/engineer-profile', skills, { headers: idempotent(), handledErrorStatuses: FORM_STATUSES });
  }
}
