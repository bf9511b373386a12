import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../core/i18n/locale.service';
import { formatTime } from '../shared/format/date-time';
import type { CheckRecord } from './platform-status.model';
import { StatusChip } from './status-chip';

/** The checks made since the page opened, newest first: spots flapping adapters and slow answers. */
@Component({
  selector: 'kg-check-history',
  imports: [MatTableModule, MatPaginatorModule, TranslocoPipe, StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './check-history.html',
  styleUrl: './check-history.scss',
})
export class CheckHistory {
  private readonly locale = inject(LocaleService);
  readonly checks = input.required<readonly CheckRecord[]>();

  protected readonly columns = ['at', 'outcome', 'adapters', 'latency'];
  protected readonly pageSizes = [5, 10, 20];
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal(5);
  protected readonly rows = computed(() => {
    const lang = this.locale.language();
    const start = this.pageIndex() * this.pageSize();
    const latency = new Intl.NumberFormat(lang, { style: 'unit', unit: 'millisecond' });
    return this.checks()
      .slice(start, start + this.pageSize())
      .map((check) => ({ ...check, time: formatTime(check.at, lang), latency: latency.format(check.latencyMs) }));
  });

  protected page(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
    this.pageSize.set(event.pageSize);
  }
}
