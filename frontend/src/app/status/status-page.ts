import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { describeRequestError } from '../core/api/api-error';
import { problemText } from '../core/api/problem-text';
import { LocaleService } from '../core/i18n/locale.service';
import { formatTime } from '../shared/format/date-time';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { AdapterCard } from './adapter-card';
import { CheckHistory } from './check-history';
import { OverallStatus } from './overall-status';
import { OperatorAccess } from './operator-access';
import { PlatformFacts } from './platform-facts';
import { AUTO_REFRESH_MS, PlatformStatusStore } from './platform-status.store';

/** 平台状态 / Platform status: is the platform up, what runs, and each adapter's state, kept live. */
@Component({
  selector: 'kg-status-page',
  imports: [
    MatButtonModule,
    MatIconModule,
    MatTooltipModule,
    TranslocoPipe,
    LoadingPanel,
    StatePanel,
    AdapterCard,
    CheckHistory,
    OverallStatus,
    OperatorAccess,
    PlatformFacts,
  ],
  providers: [PlatformStatusStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './status-page.html',
  styleUrl: './status-page.scss',
})
export class StatusPage {
  protected readonly store = inject(PlatformStatusStore);
  private readonly locale = inject(LocaleService);
  private readonly transloco = inject(TranslocoService);
  protected readonly refreshSeconds = AUTO_REFRESH_MS / 1000;

  protected readonly lastUpdated = computed(() => {
    const snapshot = this.store.snapshot();
    return snapshot ? formatTime(snapshot.receivedAt, this.locale.language()) : null;
  });
  protected readonly failedAt = computed(() => {
    const at = this.store.failedAt();
    return at ? formatTime(at, this.locale.language()) : null;
  });
  protected readonly problem = computed(() => {
    this.locale.language();
    const problem = describeRequestError(this.store.error());
    if (!problem) return this.store.error() ? this.transloco.translate('errors.unexpected') : null;
    return problemText(problem, (key, params) => this.transloco.translate(key, params));
  });

  constructor() {
    this.store.refresh('initial');
  }
}
