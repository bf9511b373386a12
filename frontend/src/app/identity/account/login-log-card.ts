import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../../core/i18n/locale.service';
import { formatDateTime } from '../../shared/format/date-time';
import { describeUserAgent } from '../../shared/format/user-agent';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { IdentityApi } from '../identity.api';
import type { LoginLogEntry } from '../identity.model';

const LIMIT = 20;
const KNOWN_REASONS = ['unknown-account', 'wrong-password', 'locked-out', 'disabled', 'wrong-second-factor', 'second-factor-replayed'];
const KNOWN_METHODS = ['password', 'password+totp', 'password+recovery-code'];

/** 登录记录: my latest sign-in attempts; a table on wide screens, one labelled block per attempt on phones. */
@Component({
  selector: 'kg-login-log-card',
  imports: [MatButtonModule, MatIconModule, MatTableModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2><mat-icon aria-hidden="true">history</mat-icon>{{ 'security.log.title' | transloco }}</h2>
    <p class="lead">{{ 'security.log.lead' | transloco: { count: limit } }}</p>
    @if (failed()) {
      <kg-state-panel tone="error" icon="cloud_off" [title]="'security.log.failed' | transloco">
        <button mat-flat-button (click)="load()">{{ 'common.retry' | transloco }}</button>
      </kg-state-panel>
    } @else if (!entries()) {
      <kg-loading-panel [label]="'security.log.loading' | transloco" />
    } @else if (rows().length === 0) {
      <kg-state-panel icon="history_toggle_off" [title]="'security.log.empty' | transloco" />
    } @else {
      <div class="scroll" tabindex="0" role="region" [attr.aria-label]="'security.log.title' | transloco">
        <table mat-table [dataSource]="rows()" data-testid="login-log">
          <ng-container matColumnDef="at">
            <th mat-header-cell *matHeaderCellDef>{{ 'security.log.at' | transloco }}</th>
            <td mat-cell *matCellDef="let r" [attr.data-label]="'security.log.at' | transloco">{{ r.time }}</td>
          </ng-container>
          <ng-container matColumnDef="ip">
            <th mat-header-cell *matHeaderCellDef>{{ 'security.log.ip' | transloco }}</th>
            <td mat-cell *matCellDef="let r" class="kg-mono" [attr.data-label]="'security.log.ip' | transloco">{{ r.ip }}</td>
          </ng-container>
          <ng-container matColumnDef="device">
            <th mat-header-cell *matHeaderCellDef>{{ 'security.log.device' | transloco }}</th>
            <td mat-cell *matCellDef="let r" [title]="r.userAgent" [attr.data-label]="'security.log.device' | transloco">{{ r.device }}</td>
          </ng-container>
          <ng-container matColumnDef="result">
            <th mat-header-cell *matHeaderCellDef>{{ 'security.log.result' | transloco }}</th>
            <td mat-cell *matCellDef="let r" [attr.data-label]="'security.log.result' | transloco">
              <span class="result" [class.ok]="r.result === 'success'">{{ 'security.log.results.' + r.result | transloco }}</span>
              @if (r.detailKey) {
                <span class="detail">{{ r.detailKey | transloco }}</span>
              }
            </td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="columns"></tr>
          <tr mat-row *matRowDef="let row; columns: columns"></tr>
        </table>
      </div>
    }
  `,
  styleUrl: './card.scss',
  styles: `
    .scroll {
      overflow-x: auto;
    }
    table {
      width: 100%;
      min-width: 620px;
      background: transparent;
    }
    td,
    th {
      white-space: nowrap;
    }
    .result {
      padding: 2px 8px;
      border-radius: 999px;
      background: var(--kg-down-container);
      color: var(--kg-on-down-container);
      font: var(--mat-sys-label-medium);
    }
    .result.ok {
      background: var(--kg-ok-container);
      color: var(--kg-on-ok-container);
    }
    .detail {
      margin-left: 8px;
      color: var(--mat-sys-on-surface-variant);
    }
    /* Phones: each attempt becomes a block of labelled lines instead of a table wider than the screen. */
    @media (max-width: 599px) {
      table.mat-mdc-table {
        min-width: 0;
      }
      table.mat-mdc-table,
      table.mat-mdc-table tbody,
      table.mat-mdc-table tr.mat-mdc-row,
      table.mat-mdc-table td.mat-mdc-cell {
        display: block;
        width: 100%;
      }
      tr.mat-mdc-header-row {
        display: none;
      }
      tr.mat-mdc-row {
        height: auto;
        padding: 10px 0;
      }
      tr.mat-mdc-row + tr.mat-mdc-row {
        margin-top: 4px;
      }
      td.mat-mdc-cell {
        box-sizing: border-box;
        padding: 2px 0;
        border: none;
        white-space: normal;
        overflow-wrap: anywhere;
      }
      td.mat-mdc-cell::before {
        content: attr(data-label);
        display: inline-block;
        min-width: 4.5em;
        margin-right: 8px;
        color: var(--mat-sys-on-surface-variant);
        font: var(--mat-sys-label-medium);
      }
    }
  `,
})
export class LoginLogCard {
  private readonly api = inject(IdentityApi);
  private readonly locale = inject(LocaleService);
  protected readonly limit = LIMIT;
  protected readonly columns = ['at', 'ip', 'device', 'result'];
  protected readonly entries = signal<readonly LoginLogEntry[] | null>(null);
  protected readonly failed = signal(false);
  protected readonly rows = computed(() => {
    const language = this.locale.language();
    return (this.entries() ?? []).map((e) => {
      const device = describeUserAgent(e.userAgent);
      const detail = e.result === 'success' ? e.method : e.reason;
      const family = e.result === 'success' ? 'methods' : 'reasons';
      const known = e.result === 'success' ? KNOWN_METHODS : KNOWN_REASONS;
      return {
        ...e,
        time: formatDateTime(e.at, language),
        device: [device.browser, device.os].filter(Boolean).join(' · ') || e.userAgent || '—',
        detailKey: detail && known.includes(detail) ? `security.log.${family}.${detail}` : null,
      };
    });
  });

  constructor() {
    this.load();
  }

  protected load(): void {
    this.failed.set(false);
    this.api.loginLog(LIMIT).subscribe({ next: (e) => this.entries.set(e), error: () => this.failed.set(true) });
  }
}
