import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { forkJoin } from 'rxjs';
import { LocaleService } from '../../core/i18n/locale.service';
import { formatDateTime } from '../../shared/format/date-time';
import { describeUserAgent } from '../../shared/format/user-agent';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { IdentityApi } from '../identity.api';
import type { SessionView } from '../identity.model';

/** 会话管理: where I am signed in; end one session or all but this one. */
@Component({
  selector: 'kg-sessions-card',
  imports: [MatButtonModule, MatIconModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './sessions-card.html',
  styleUrls: ['./card.scss', './sessions-card.scss'],
})
export class SessionsCard {
  private readonly api = inject(IdentityApi);
  private readonly locale = inject(LocaleService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  private readonly sessions = signal<readonly SessionView[] | null>(null);
  protected readonly failed = signal(false);
  protected readonly ending = signal<ReadonlySet<string>>(new Set());

  protected readonly rows = computed(() => {
    const language = this.locale.language();
    return (this.sessions() ?? []).map((s) => ({
      ...s,
      device: describeUserAgent(s.userAgent),
      started: formatDateTime(s.startedAt, language),
      lastActive: formatDateTime(s.lastActiveAt, language),
    }));
  });
  protected readonly loaded = computed(() => this.sessions() !== null);
  protected readonly others = computed(() => this.rows().filter((s) => !s.current));

  constructor() {
    this.load();
  }

  protected load(): void {
    this.failed.set(false);
    this.api.sessions().subscribe({
      next: (sessions) => this.sessions.set([...sessions].sort((a, b) => Number(b.current) - Number(a.current))),
      error: () => this.failed.set(true),
    });
  }

  protected end(id: string): void {
    this.endMany([id]);
  }

  protected endOthers(): void {
    this.endMany(this.others().map((s) => s.id));
  }

  private endMany(ids: readonly string[]): void {
    if (!ids.length) return;
    this.ending.update((set) => new Set([...set, ...ids]));
    forkJoin(ids.map((id) => this.api.endSession(id))).subscribe({
      next: () => {
        this.sessions.update((list) => (list ?? []).filter((s) => !ids.includes(s.id)));
        this.ending.update((set) => new Set([...set].filter((id) => !ids.includes(id))));
        this.snackBar.open(this.transloco.translate('security.sessions.ended', { count: ids.length }), undefined, { duration: 4000 });
      },
      error: () => {
        this.ending.set(new Set());
        this.load();
      },
    });
  }
}
