import { inject } from '@angular/core';
import type { PageEvent } from '@angular/material/paginator';
import { ActivatedRoute, Router } from '@angular/router';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

/** A page number from the query string: a positive integer, else 1. */
export const pageNumber = (value: string | null | undefined): number => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
};

/** A page size from the query string: one of PAGE_SIZES, else the default. */
export const pageSizeOf = (value: string | null | undefined): number => {
  const n = Number(value);
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : DEFAULT_PAGE_SIZE;
};

/**
 * Writes a table's filters and page into the address (so a reload, the back button or a shared link
 * shows the same page); the page reads them back through its query-param inputs. A filter change
 * returns to page 1.
 */
export function queryParamWriter() {
  const router = inject(Router);
  const route = inject(ActivatedRoute);
  const write = (params: Record<string, string | number | null>) =>
    void router.navigate([], { relativeTo: route, queryParams: params, queryParamsHandling: 'merge', replaceUrl: false });
  return {
    filter: (params: Record<string, string | null>) =>
      write({ ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v || null])), page: null }),
    page: (event: PageEvent) => write({ page: event.pageIndex + 1, pageSize: event.pageSize }),
  };
}
