import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatPaginatorModule } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { switchMap, takeWhile, timer, type Subscription } from 'rxjs';
import { LocaleService } from '../core/i18n/locale.service';
import { saveFile } from '../organization/members/member-files';
import { formatDateTime } from '../shared/format/date-time';
import { PAGE_SIZES, pageNumber, pageSizeOf, queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { AuditIntegrityApi } from './audit-integrity.api';
import { isFinished, type AuditDigest, type VerificationRun } from './audit-integrity.model';

/** 审计日志完整性: the log's verification state, a verification on demand with live progress, digests, keys. */
@Component({
  selector: 'kg-audit-integrity-page',
  imports: [MatButtonModule, MatIconModule, MatPaginatorModule, MatProgressBarModule, MatTableModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header class="kg-page-head">
        <div>
          <h1>{{ 'auditIntegrity.title' | transloco }}</h1>
          <p class="kg-lead">{{ 'auditIntegrity.lead' | transloco }}</p>
        </div>
        <div class="actions">
          <button mat-stroked-button (click)="sign()" [disabled]="signing()" data-testid="sign-digest">
            <mat-icon>draw</mat-icon>{{ 'auditIntegrity.signNow' | transloco }}
          </button>
          <button mat-flat-button (click)="verify()" [disabled]="running()" data-testid="verify-now">
            <mat-icon>verified_user</mat-icon>{{ 'auditIntegrity.verifyNow' | transloco }}
          </button>
        </div>
      </header>

      <section class="kg-card" data-testid="integrity-state">
        <h2>{{ 'auditIntegrity.state' | transloco }}</h2>
        @if (state.error()) {
          <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
            <button mat-flat-button (click)="state.reload()">{{ 'common.retry' | transloco }}</button>
          </kg-state-panel>
        } @else if (!state.hasValue()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else {
          <dl class="facts">
            <dt>{{ 'auditIntegrity.lastDigest' | transloco }}</dt>
            <dd data-testid="last-digest">
              @if (state.value().lastDigest; as d) {
                {{ 'auditIntegrity.digestSummary' | transloco: { position: d.position, events: d.eventCount, at: when(d.createdAt) } }}
              } @else {
                {{ 'auditIntegrity.noDigest' | transloco }}
              }
            </dd>
            <dt>{{ 'auditIntegrity.lastVerification' | transloco }}</dt>
            <dd>
              @if (shown(); as run) {
                <span class="kg-chip" [class]="'kg-chip ' + tone(run)" data-testid="verification-state">{{ 'auditIntegrity.states.' + run.state | transloco }}</span>
                @if (run.finishedAt) {
                  <span class="muted">{{ 'auditIntegrity.checkedAt' | transloco: { events: run.checked, at: when(run.finishedAt) } }}</span>
                }
              } @else {
                {{ 'auditIntegrity.neverVerified' | transloco }}
              }
            </dd>
          </dl>
          @if (shown(); as run) {
            @if (!done(run)) {
              <div class="progress" data-testid="verification-progress">
                <mat-progress-bar mode="determinate" [value]="run.progress" />
                <span>{{ 'auditIntegrity.progress' | transloco: { percent: run.progress, events: run.checked } }}</span>
              </div>
            }
            @if (run.result?.firstBroken; as b) {
              <div class="broken" role="alert" data-testid="first-broken">
                <mat-icon>report</mat-icon>
                <div>
                  <strong>{{ 'auditIntegrity.kinds.' + b.kind | transloco }}</strong>
                  <dl class="facts">
                    @if (b.position !== null) {
                      <dt>{{ 'auditIntegrity.fields.position' | transloco }}</dt>
                      <dd>{{ b.position }}</dd>
                    }
                    @if (b.streamId) {
                      <dt>{{ 'auditIntegrity.fields.stream' | transloco }}</dt>
                      <dd><code>{{ b.streamId }}{{ b.revision !== undefined ? '@' + b.revision : '' }}</code></dd>
                    }
                    @if (b.eventId) {
                      <dt>{{ 'auditIntegrity.fields.event' | transloco }}</dt>
                      <dd><code>{{ b.eventId }}</code></dd>
                    }
                  </dl>
                  <p class="muted">{{ b.detail }}</p>
                </div>
              </div>
            }
            @if (run.state === 'error') {
              <p class="broken" role="alert">{{ run.error }}</p>
            }
          }
        }
      </section>

      <section class="kg-card">
        <h2>{{ 'auditIntegrity.digests' | transloco }}</h2>
        <p class="muted">{{ 'auditIntegrity.digestsHint' | transloco }}</p>
        @if (digests.error()) {
          <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
            <button mat-flat-button (click)="digests.reload()">{{ 'common.retry' | transloco }}</button>
          </kg-state-panel>
        } @else if (!digests.hasValue()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else if (digests.value().items.length === 0) {
          <kg-state-panel icon="draw" [title]="'auditIntegrity.noDigest' | transloco" [message]="'auditIntegrity.noDigestHint' | transloco" />
        } @else {
          <table mat-table [dataSource]="digests.value().items" class="kg-stack-table" data-testid="digests">
            <ng-container matColumnDef="createdAt">
              <th mat-header-cell *matHeaderCellDef>{{ 'auditIntegrity.fields.createdAt' | transloco }}</th>
              <td mat-cell *matCellDef="let d" [attr.data-label]="'auditIntegrity.fields.createdAt' | transloco">{{ when(d.createdAt) }}</td>
            </ng-container>
            <ng-container matColumnDef="position">
              <th mat-header-cell *matHeaderCellDef>{{ 'auditIntegrity.fields.position' | transloco }}</th>
              <td mat-cell *matCellDef="let d" [attr.data-label]="'auditIntegrity.fields.position' | transloco">{{ d.position }}</td>
            </ng-container>
            <ng-container matColumnDef="streams">
              <th mat-header-cell *matHeaderCellDef>{{ 'auditIntegrity.fields.streams' | transloco }}</th>
              <td mat-cell *matCellDef="let d" [attr.data-label]="'auditIntegrity.fields.streams' | transloco">{{ d.streamCount }}</td>
            </ng-container>
            <ng-container matColumnDef="trigger">
              <th mat-header-cell *matHeaderCellDef>{{ 'auditIntegrity.fields.trigger' | transloco }}</th>
              <td mat-cell *matCellDef="let d" [attr.data-label]="'auditIntegrity.fields.trigger' | transloco">{{ 'auditIntegrity.triggers.' + d.trigger | transloco }}</td>
            </ng-container>
            <ng-container matColumnDef="key">
              <th mat-header-cell *matHeaderCellDef>{{ 'auditIntegrity.fields.key' | transloco }}</th>
              <td mat-cell *matCellDef="let d" [attr.data-label]="'auditIntegrity.fields.key' | transloco"><code [title]="d.keyId">{{ d.keyId.slice(0, 12) }}…</code></td>
            </ng-container>
            <ng-container matColumnDef="download">
              <th mat-header-cell *matHeaderCellDef><span class="cdk-visually-hidden">{{ 'auditIntegrity.download' | transloco }}</span></th>
              <td mat-cell *matCellDef="let d">
                <button mat-button (click)="download(d)" data-testid="download-digest">
                  <mat-icon>download</mat-icon>{{ 'auditIntegrity.download' | transloco }}
                </button>
              </td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        }
        <mat-paginator
          [length]="digests.hasValue() ? digests.value().total : 0"
          [pageIndex]="query().page - 1"
          [pageSize]="query().pageSize"
          [pageSizeOptions]="pageSizes"
          (page)="to.page($event)"
        />
      </section>

      <section class="kg-card">
        <h2>{{ 'auditIntegrity.keys' | transloco }}</h2>
        <p class="muted">
          {{ 'auditIntegrity.keysHint' | transloco }}
          <a href="/.well-known/kuaige-audit-keys.json" target="_blank" rel="noopener">/.well-known/kuaige-audit-keys.json</a>
        </p>
        @if (keys.error()) {
          <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
            <button mat-flat-button (click)="keys.reload()">{{ 'common.retry' | transloco }}</button>
          </kg-state-panel>
        } @else if (!keys.hasValue()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else {
          <ul class="keys" data-testid="keys">
            @for (k of keys.value().keys; track k.kid) {
              <li>
                <code>{{ k.kid }}</code>
                <span class="muted">{{ 'auditIntegrity.validity' | transloco: { from: when(k.validFrom), until: k.validUntil ? when(k.validUntil) : '…' } }}</span>
                @if (!k.validUntil) {
                  <span class="kg-chip ok">{{ 'auditIntegrity.current' | transloco }}</span>
                }
              </li>
            }
          </ul>
        }
      </section>
    </div>
  `,
  styles: `
    .actions {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
    h2 {
      margin: 0 0 8px;
      font: var(--mat-sys-title-medium);
    }
    .facts {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 4px 16px;
      margin: 0;
    }
    .facts dt {
      color: var(--mat-sys-on-surface-variant);
    }
    .facts dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .progress {
      display: grid;
      gap: 4px;
      margin-top: 12px;
    }
    .broken {
      display: flex;
      gap: 12px;
      margin-top: 12px;
      padding: 12px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    span.muted {
      margin-left: 8px;
    }
    .broken .muted {
      color: inherit;
    }
    .keys span.muted {
      margin-left: 0;
    }
    .keys {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: 8px;
    }
    .keys li {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    code {
      overflow-wrap: anywhere;
    }
    @media (max-width: 600px) {
      .facts {
        grid-template-columns: 1fr;
      }
    }
  `,
})
export class AuditIntegrityPage {
  private readonly api = inject(AuditIntegrityApi);
  private readonly locale = inject(LocaleService);
  private readonly document = inject(DOCUMENT);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly to = queryParamWriter();
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = ['createdAt', 'position', 'streams', 'trigger', 'key', 'download'];
  readonly page = input<string>();
  readonly pageSize = input<string>();
  protected readonly query = computed(() => ({ page: pageNumber(this.page()), pageSize: pageSizeOf(this.pageSize()) }));

  protected readonly state = rxResource({ stream: () => this.api.state() });
  protected readonly digests = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.digests(params.page, params.pageSize) });
  protected readonly keys = rxResource({ stream: () => this.api.keys() });
  /** The run started on this page, followed live; otherwise the latest one. */
  private readonly live = signal<VerificationRun | null>(null);
  protected readonly shown = computed(() => this.live() ?? (this.state.hasValue() ? this.state.value().latest : null));
  protected readonly running = computed(() => {
    const run = this.shown();
    return run !== null && !isFinished(run);
  });
  protected readonly signing = signal(false);
  private polling: Subscription | null = null;

  protected readonly done = isFinished;
  protected when(value: string): string {
    return formatDateTime(value, this.locale.language());
  }

  protected tone(run: VerificationRun): string {
    return run.state === 'passed' ? 'ok' : run.state === 'broken' || run.state === 'error' ? 'down' : 'warn';
  }

  protected verify(): void {
    this.api.startVerification().subscribe((run) => this.follow(run));
  }

  protected sign(): void {
    this.signing.set(true);
    this.api.signDigest().subscribe({
      next: () => {
        this.signing.set(false);
        this.digests.reload();
        this.state.reload();
      },
      error: () => this.signing.set(false),
    });
  }

  protected download(d: AuditDigest): void {
    this.api.downloadDigest(d.digestId).subscribe((blob) => saveFile(blob, `kuaige-audit-digest-${d.position}.json`, this.document));
  }

  /** Polls the run once a second until it has finished. */
  private follow(run: VerificationRun): void {
    this.live.set(run);
    this.polling?.unsubscribe();
    this.polling = timer(0, 1000)
      .pipe(
        switchMap(() => this.api.verification(run.id)),
        takeWhile((r) => !isFinished(r), true),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (r) => this.live.set(r),
        complete: () => this.state.reload(),
      });
  }
}
