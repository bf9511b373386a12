import { Injectable, inject } from '@angular/core';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { TranslocoService } from '@jsverse/transloco';
import { switchMap } from 'rxjs';

/** MatPaginator's texts in the active language; paginators re-render when it changes. */
@Injectable()
export class TranslatedPaginatorIntl extends MatPaginatorIntl {
  private readonly transloco = inject(TranslocoService);

  constructor() {
    super();
    this.transloco.langChanges$.pipe(switchMap((lang) => this.transloco.selectTranslation(lang))).subscribe(() => this.relabel());
  }

  override getRangeLabel = (page: number, pageSize: number, length: number): string => {
    if (length === 0 || pageSize === 0) return this.transloco.translate('paginator.rangeEmpty', { length });
    const start = page * pageSize;
    const end = Math.min(start + pageSize, length);
    return this.transloco.translate('paginator.range', { start: start + 1, end, length });
  };

  private relabel(): void {
    const t = (key: string) => this.transloco.translate(`paginator.${key}`);
    this.itemsPerPageLabel = t('itemsPerPage');
    this.nextPageLabel = t('nextPage');
    this.previousPageLabel = t('previousPage');
    this.firstPageLabel = t('firstPage');
    this.lastPageLabel = t('lastPage');
    this.changes.next();
  }
}
