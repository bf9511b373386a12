import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { HttpErrorResponse } from '@angular/common/http';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../core/i18n/locale.service';
import { formatDateTime } from '../shared/format/date-time';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { AuditApi } from './audit.api';
import { AuditLabels } from './audit-labels';
import { changeCounts, valueText } from './audit-logic';
import type { FieldChange } from './audit.model';

/** One audit entry: who, what, when, where, the event's data and what it changed in the read models. */
@Component({
  selector: 'kg-audit-entry-page',
  imports: [MatButtonModule, MatIconModule, MatTableModule, RouterLink, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <a mat-button routerLink="/audit"><mat-icon>arrow_back</mat-icon>{{ 'audit.back' | transloco }}</a>
      @if (detail.error(); as error) {
        @if (notFound(error)) {
          <kg-state-panel
            icon="search_off"
            [title]="'audit.entry.notFound' | transloco"
            [message]="'audit.entry.notFoundHint' | transloco"
          />
        } @else {
          <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
            <button mat-flat-button (click)="detail.reload()">{{ 'common.retry' | transloco }}</button>
          </kg-state-panel>
        }
      } @else if (!detail.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        @let d = detail.value();
        <header class="kg-page-head">
          <div>
            <h1 data-testid="entry-title">{{ labels.type(d.entry.type) }}</h1>
            <p class="kg-lead kg-mono">{{ d.entry.type }} · #{{ d.entry.position }}</p>
          </div>
          <div class="kg-actions">
            <a mat-stroked-button [routerLink]="['/audit/entities', d.entry.stream]" data-testid="entity-timeline"
              ><mat-icon>timeline</mat-icon>{{ 'audit.entry.timeline' | transloco }}</a
            >
          </div>
        </header>

        <section class="kg-card">
          <h2>{{ 'audit.entry.metadata' | transloco }}</h2>
          <dl class="kg-facts" data-testid="entry-metadata">
            <div>
              <dt>{{ 'audit.columns.at' | transloco }}</dt>
              <dd>{{ time(d.entry.at) }}</dd>
            </div>
            <div>
              <dt>{{ 'audit.columns.result' | transloco }}</dt>
              <dd>
                <span [class]="'kg-chip ' + (d.entry.result === 'success' ? 'ok' : d.entry.result === 'denied' ? 'down' : 'warn')">{{
                  'audit.results.' + d.entry.result | transloco
                }}</span>
              </dd>
            </div>
            <div>
              <dt>{{ 'audit.columns.actor' | transloco }}</dt>
              <dd class="kg-mono">{{ d.entry.actor ?? '—' }}</dd>
            </div>
            <div>
              <dt>{{ 'audit.filters.enterprise' | transloco }}</dt>
              <dd class="kg-mono">{{ d.entry.enterpriseId ?? '—' }}</dd>
            </div>
            <div>
              <dt>{{ 'audit.filters.node' | transloco }}</dt>
              <dd class="kg-mono">{{ d.entry.nodeId ?? '—' }}</dd>
            </div>
            <div>
              <dt>{{ 'audit.columns.ip' | transloco }}</dt>
              <dd class="kg-mono">{{ d.entry.ip ?? '—' }}</dd>
            </div>
            <div>
              <dt>{{ 'audit.entry.userAgent' | transloco }}</dt>
              <dd>{{ d.entry.userAgent ?? '—' }}</dd>
            </div>
            <div>
              <dt>{{ 'audit.columns.entity' | transloco }}</dt>
              <dd class="kg-mono">{{ d.entry.stream }} · r{{ d.event.revision }}</dd>
            </div>
            <div>
              <dt>{{ 'audit.entry.recordedAt' | transloco }}</dt>
              <dd>{{ time(d.event.recordedAt) }}</dd>
            </div>
            <div>
              <dt>{{ 'audit.entry.correlation' | transloco }}</dt>
              <dd class="kg-mono">{{ d.entry.correlationId || '—' }}</dd>
            </div>
            <div class="wide">
              <dt>{{ 'audit.entry.hash' | transloco }}</dt>
              <dd class="kg-mono">{{ d.event.hash }}</dd>
            </div>
          </dl>
        </section>

        <section class="kg-card" data-testid="entry-diff">
          <h2>{{ 'audit.diff.title' | transloco }}</h2>
          @if (d.diff.length === 0) {
            <kg-state-panel icon="difference" [title]="'audit.diff.none' | transloco" [message]="'audit.diff.noneHint' | transloco" />
          }
          @for (row of d.diff; track row.collection + row.id) {
            <article class="row-diff">
              <h3>
                <span [class]="'kg-chip ' + kindTone(row.kind)">{{ 'audit.diff.kinds.' + row.kind | transloco }}</span>
                <span class="kg-mono">{{ row.collection }} / {{ row.id }}</span>
                <span class="sub">{{ 'audit.diff.counts' | transloco: counts(row.fields) }}</span>
              </h3>
              <div class="kg-table-scroll">
                <table mat-table [dataSource]="row.fields" class="kg-stack-table" [attr.data-collection]="row.collection">
                  <ng-container matColumnDef="path">
                    <th mat-header-cell *matHeaderCellDef>{{ 'audit.diff.field' | transloco }}</th>
                    <td mat-cell *matCellDef="let f" [attr.data-label]="'audit.diff.field' | transloco" data-testid="diff-field">
                      {{ labels.field(f.path) }}
                    </td>
                  </ng-container>
                  <ng-container matColumnDef="kind">
                    <th mat-header-cell *matHeaderCellDef>{{ 'audit.diff.change' | transloco }}</th>
                    <td mat-cell *matCellDef="let f" [attr.data-label]="'audit.diff.change' | transloco">
                      <span [class]="'kg-chip ' + kindTone(f.kind)">{{ 'audit.diff.kinds.' + f.kind | transloco }}</span>
                    </td>
                  </ng-container>
                  <ng-container matColumnDef="before">
                    <th mat-header-cell *matHeaderCellDef>{{ 'audit.diff.before' | transloco }}</th>
                    <td
                      mat-cell
                      *matCellDef="let f"
                      class="value before"
                      [attr.data-label]="'audit.diff.before' | transloco"
                      data-testid="diff-before"
                    >
                      {{ labels.value(row.collection, f.path, text(f.before), f.before) }}
                    </td>
                  </ng-container>
                  <ng-container matColumnDef="after">
                    <th mat-header-cell *matHeaderCellDef>{{ 'audit.diff.after' | transloco }}</th>
                    <td
                      mat-cell
                      *matCellDef="let f"
                      class="value after"
                      [attr.data-label]="'audit.diff.after' | transloco"
                      data-testid="diff-after"
                    >
                      {{ labels.value(row.collection, f.path, text(f.after), f.after) }}
                    </td>
                  </ng-container>
                  <tr mat-header-row *matHeaderRowDef="columns"></tr>
                  <tr mat-row *matRowDef="let row; columns: columns" [attr.data-path]="row.path"></tr>
                </table>
              </div>
            </article>
          }
        </section>

        <section class="kg-card">
          <details>
            <summary>{{ 'audit.entry.data' | transloco }}</summary>
            <pre class="kg-mono">{{ json(d.event.data) }}</pre>
          </details>
          <details>
            <summary>{{ 'audit.entry.rawMetadata' | transloco }}</summary>
            <pre class="kg-mono">{{ json(d.event.metadata) }}</pre>
          </details>
        </section>
      }
    </div>
  `,
  styles: `
    .wide {
      grid-column: 1 / -1;
    }
    .row-diff + .row-diff {
      margin-top: 24px;
    }
    .row-diff h3 {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
      font: var(--mat-sys-title-small);
      overflow-wrap: anywhere;
    }
    .sub {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .value {
      font-family: var(--kg-mono, monospace);
      overflow-wrap: anywhere;
      max-width: 360px;
    }
    .before {
      color: var(--kg-on-down-container, inherit);
    }
    .after {
      color: var(--kg-on-ok-container, inherit);
    }
    pre {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      max-height: 360px;
      overflow: auto;
    }
    summary {
      cursor: pointer;
      font: var(--mat-sys-title-small);
      padding: 8px 0;
    }
  `,
})
export class AuditEntryPage {
  private readonly api = inject(AuditApi);
  private readonly locale = inject(LocaleService);
  protected readonly labels = inject(AuditLabels);
  protected readonly columns = ['path', 'kind', 'before', 'after'];
  readonly id = input.required<string>();
  protected readonly detail = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.entry(params) });
  protected readonly title = computed(() => (this.detail.hasValue() ? this.detail.value().entry.type : ''));
  protected readonly text = valueText;
  protected readonly counts = changeCounts;

  protected time(at: string): string {
    return formatDateTime(at, this.locale.language());
  }

  protected json(value: unknown): string {
    return JSON.stringify(value, null, 2);
  }

  protected kindTone(kind: FieldChange['kind']): string {
    return kind === 'added' ? 'ok' : kind === 'removed' ? 'down' : 'warn';
  }

  protected notFound(error: unknown): boolean {
    return error instanceof HttpErrorResponse && error.status === 404;
  }
}
