import { Injectable, inject } from '@angular/core';
import { type Observable, map } from 'rxjs';
import { RestClient } from '../core/api/rest-client';
import { FORM_STATUSES, idempotent, queryOf } from '../core/api/idempotency';
import type { Page } from '../shared/table/page';
import type { Department, ImportReport, Invitation, Member, MemberQuery, Override, PermissionCatalogue, Role } from './organization.model';

/** Enterprise administration of one enterprise: departments, members, invitations, roles, overrides. */
@Injectable({ providedIn: 'root' })
export class OrganizationApi {
  private readonly rest = inject(RestClient);

  private base(enterpriseId: string): string {
    return `/api/v1/enterprises/${encodeURIComponent(enterpriseId)}`;
  }

  departments(enterpriseId: string): Observable<readonly Department[]> {
    return this.rest.get<{ items: readonly Department[] }>(`${this.base(enterpriseId)}/departments`).pipe(map((a) => a.items));
  }

  createDepartment(enterpriseId: string, name: string, parentId: string | null): Observable<Department> {
    return this.rest.post(`${this.base(enterpriseId)}/departments`, parentId ? { name, parentId } : { name }, {
      headers: idempotent(),
      handledErrorStatuses: FORM_STATUSES,
    });
  }

  updateDepartment(enterpriseId: string, id: string, change: { name?: string; parentId?: string | null }): Observable<Department> {
    return this.rest.patch(`${this.base(enterpriseId)}/departments/${encodeURIComponent(id)}`, change, {
      headers: idempotent(),
      handledErrorStatuses: FORM_STATUSES,
    });
  }

  deleteDepartment(enterpriseId: string, id: string): Observable<void> {
    return this.rest.delete(`${this.base(enterpriseId)}/departments/${encodeURIComponent(id)}`, {
      headers: idempotent(),
      handledErrorStatuses: [409],
    });
  }

  members(enterpriseId: string, query: MemberQuery): Observable<Page<Member>> {
    return this.rest.get(`${this.base(enterpriseId)}/members`, { params: queryOf({ ...query }) });
  }

  updateMember(
    enterpriseId: string,
    userId: string,
    change: { departmentId?: string | null; roles?: readonly string[] },
  ): Observable<unknown> {
    return this.rest.patch(`${this.base(enterpriseId)}/members/${encodeURIComponent(userId)}`, change, {
      headers: idempotent(),
      handledErrorStatuses: FORM_STATUSES,
    });
  }

  approveMember(enterpriseId: string, userId: string, roles: readonly string[]): Observable<unknown> {
    return this.rest.post(`${this.base(enterpriseId)}/members/${encodeURIComponent(userId)}/approve`, { roles }, { headers: idempotent() });
  }

  declineMember(enterpriseId: string, userId: string, reason: string): Observable<unknown> {
    return this.rest.post(
      `${this.base(enterpriseId)}/members/${encodeURIComponent(userId)}/decline`,
      { reason },
      { headers: idempotent() },
    );
  }

  recordDeparture(enterpriseId: string, userId: string, reason: string): Observable<unknown> {
    return this.rest.post(
      `${this.base(enterpriseId)}/members/${encodeURIComponent(userId)}/departure`,
      { reason },
      { headers: idempotent() },
    );
  }

  invite(enterpriseId: string): Observable<Invitation> {
    return this.rest.post(`${this.base(enterpriseId)}/invitations`, {}, { headers: idempotent() });
  }

  importMembers(enterpriseId: string, fileName: string, contentBase64: string): Observable<ImportReport> {
    return this.rest.post(
      `${this.base(enterpriseId)}/members/import`,
      { fileName, contentBase64 },
      {
        headers: idempotent(),
        handledErrorStatuses: [400, 413, 415],
      },
    );
  }

  /** The employee sheet, its headings in `language`. */
  exportMembers(enterpriseId: string, format: 'csv' | 'xlsx', language: string): Observable<Blob> {
    return this.rest.getBlob(`${this.base(enterpriseId)}/members/export`, { params: { format, language } });
  }

  roles(enterpriseId: string): Observable<readonly Role[]> {
    return this.rest.get<{ items: readonly Role[] }>(`${this.base(enterpriseId)}/roles`).pipe(map((a) => a.items));
  }

  createRole(enterpriseId: string, name: string, permissions: readonly string[]): Observable<Role> {
    return this.rest.post(
      `${this.base(enterpriseId)}/roles`,
      { name, permissions },
      { headers: idempotent(), handledErrorStatuses: FORM_STATUSES },
    );
  }

  updateRole(enterpriseId: string, id: string, change: { name?: string; permissions?: readonly string[] }): Observable<Role> {
    return this.rest.patch(`${this.base(enterpriseId)}/roles/${encodeURIComponent(id)}`, change, {
      headers: idempotent(),
      handledErrorStatuses: FORM_STATUSES,
    });
  }

  deleteRole(enterpriseId: string, id: string): Observable<void> {
    return this.rest.delete(`${this.base(enterpriseId)}/roles/${encodeURIComponent(id)}`, {
      headers: idempotent(),
      handledErrorStatuses: [409],
    });
  }

  overrides(enterpriseId: string, userId: string): Observable<readonly Override[]> {
    return this.rest
      .get<{ overrides: readonly Override[] }>(`${this.base(enterpriseId)}/members/${encodeURIComponent(userId)}/overrides`)
      .pipe(map((a) => a.overrides));
  }

  saveOverrides(enterpriseId: string, userId: string, overrides: readonly Override[]): Observable<unknown> {
    return this.rest.put(
      `${this.base(enterpriseId)}/members/${encodeURIComponent(userId)}/overrides`,
      { overrides },
      {
        headers: idempotent(),
        handledErrorStatuses: FORM_STATUSES,
      },
    );
  }

  catalogue(): Observable<PermissionCatalogue> {
    return this.rest.get('/api/v1/permissions');
  }
}
