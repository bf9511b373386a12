import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatTableModule } from '@angular/material/table';
import { TranslocoPipe } from '@jsverse/transloco';
import { queryParamWriter } from '../shared/table/paging';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { SettlementsApi } from './settlements.api';
import { barWidths } from './settlements.model';

const GROUPINGS = ['provider', 'engineer', 'region'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** 评价报表: satisfaction, quality and efficiency per provider, engineer or region, with the score distribution. */
@Component({
  selector: 'kg-evaluation-reports-page',
  imports: [DatePipe, MatButtonModule, MatButtonToggleModule, MatFormFieldModule, MatInputModule, MatTableModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kg-card">
      <div class="kg-filters">
        <mat-button-toggle-group [value]="query().groupBy" (change)="to.filter({ groupBy: $event.value })" [attr.aria-label]="'settlements.evaluations.groupBy' | transloco" data-testid="group-by">
          @for (g of groupings; track g) {
            <mat-button-toggle [value]="g">{{ 'settlements.evaluations.by.' + g | transloco }}</mat-button-toggle>
          }
        </mat-button-toggle-group>
        <mat-form-field>
          <mat-label>{{ 'settlements.fields.from' | transloco }}</mat-label>
          <input matInput type="date" [value]="query().from" (change)="to.filter({ from: $any($event.target).value })" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'settlements.fields.to' | transloco }}</mat-label>
          <input matInput type="date" [value]="query().to" (change)="to.filter({ to: $any($event.target).value })" />
        </mat-form-field>
      </div>
      @if (report.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="report.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!report.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else if (report.value().overall.evaluations === 0 && report.value().overall.returnVisits === 0) {
        <kg-state-panel icon="reviews" [title]="'settlements.evaluations.none' | transloco" />
      } @else {
        @let r = report.value();
        <div class="overall" data-testid="overall">
          <div><span>{{ 'settlements.evaluations.count' | transloco }}</span><strong>{{ r.overall.evaluations }}</strong></div>
          <div><span>{{ 'settlements.evaluations.satisfaction' | transloco }}</span><strong>{{ score(r.overall.satisfaction) }}</strong></div>
          <div><span>{{ 'settlements.evaluations.quality' | transloco }}</span><strong>{{ score(r.overall.quality) }}</strong></div>
          <div><span>{{ 'settlements.evaluations.efficiency' | transloco }}</span><strong>{{ score(r.overall.efficiency) }}</strong></div>
          <div><span>{{ 'settlements.evaluations.returnVisits' | transloco }}</span><strong>{{ score(r.overall.returnVisitSatisfaction) }}</strong></div>
        </div>
        <figure class="distribution" [attr.aria-label]="'settlements.evaluations.distribution' | transloco">
          <figcaption>{{ 'settlements.evaluations.distribution' | transloco }}</figcaption>
          @for (w of bars(); track $index) {
            <div class="bar-row">
              <span>{{ $index + 1 }} ★</span>
              <span class="bar"><span [style.width.%]="w"></span></span>
              <span>{{ r.overall.distribution[$index] }}</span>
            </div>
          }
        </figure>
        <div class="kg-table-scroll">
          <table mat-table [dataSource]="r.groups" class="kg-stack-table" data-testid="report-groups">
            <ng-container matColumnDef="name">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.evaluations.by.' + r.groupBy | transloco }}</th>
              <td mat-cell *matCellDef="let g" [attr.data-label]="'settlements.evaluations.by.' + r.groupBy | transloco">{{ g.name }}</td>
            </ng-container>
            <ng-container matColumnDef="count">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.evaluations.count' | transloco }}</th>
              <td mat-cell *matCellDef="let g" [attr.data-label]="'settlements.evaluations.count' | transloco">{{ g.evaluations }}</td>
            </ng-container>
            <ng-container matColumnDef="satisfaction">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.evaluations.satisfaction' | transloco }}</th>
              <td mat-cell *matCellDef="let g" [attr.data-label]="'settlements.evaluations.satisfaction' | transloco">{{ score(g.satisfaction) }}</td>
            </ng-container>
            <ng-container matColumnDef="quality">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.evaluations.quality' | transloco }}</th>
              <td mat-cell *matCellDef="let g" [attr.data-label]="'settlements.evaluations.quality' | transloco">{{ score(g.quality) }}</td>
            </ng-container>
            <ng-container matColumnDef="efficiency">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.evaluations.efficiency' | transloco }}</th>
              <td mat-cell *matCellDef="let g" [attr.data-label]="'settlements.evaluations.efficiency' | transloco">{{ score(g.efficiency) }}</td>
            </ng-container>
            <ng-container matColumnDef="visits">
              <th mat-header-cell *matHeaderCellDef>{{ 'settlements.evaluations.returnVisits' | transloco }}</th>
              <td mat-cell *matCellDef="let g" [attr.data-label]="'settlements.evaluations.returnVisits' | transloco">{{ score(g.returnVisitSatisfaction) }} ({{ g.returnVisits }})</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="columns"></tr>
            <tr mat-row *matRowDef="let row; columns: columns"></tr>
          </table>
        </div>
        @if (r.recentComments.length > 0) {
          <h3>{{ 'settlements.evaluations.comments' | transloco }}</h3>
          <ul class="comments" data-testid="comments">
            @for (c of r.recentComments; track c.workOrderId + c.at) {
              <li><span class="kg-mono">{{ c.number }}</span> · {{ c.satisfaction }} ★ · {{ c.opinion }} <span class="kg-lead">{{ c.at | date: 'yyyy-MM-dd' }}</span></li>
            }
          </ul>
        }
      }
    </section>
  `,
  styles: `
    .overall {
      display: flex;
      flex-wrap: wrap;
      gap: 24px;
      margin-bottom: 16px;
    }
    .overall div {
      display: flex;
      flex-direction: column;
    }
    .overall strong {
      font: var(--mat-sys-headline-small);
    }
    .distribution {
      margin: 0 0 16px;
      max-width: 480px;
    }
    .bar-row {
      display: grid;
      grid-template-columns: 3em 1fr 3em;
      gap: 8px;
      align-items: center;
    }
    .bar {
      height: 12px;
      background: var(--mat-sys-surface-container-high);
      border-radius: 6px;
      overflow: hidden;
    }
    .bar span {
      display: block;
      height: 100%;
      background: var(--mat-sys-primary);
    }
    .comments {
      padding-left: 18px;
    }
  `,
})
export class EvaluationReportsPage {
  private readonly api = inject(SettlementsApi);
  protected readonly to = queryParamWriter();
  protected readonly groupings = GROUPINGS;
  protected readonly columns = ['name', 'count', 'satisfaction', 'quality', 'efficiency', 'visits'];
  readonly groupBy = input<string>();
  readonly from = input<string>();
  readonly to_ = input<string>(undefined, { alias: 'to' });
  protected readonly query = computed(() => ({
    groupBy: (GROUPINGS as readonly string[]).includes(this.groupBy() ?? '') ? (this.groupBy() as string) : 'provider',
    from: DAY.test(this.from() ?? '') ? (this.from() as string) : '',
    to: DAY.test(this.to_() ?? '') ? (this.to_() as string) : '',
  }));
  protected readonly report = rxResource({ params: () => this.query(), stream: ({ params }) => this.api.evaluationReport(params) });
  protected readonly bars = computed(() => barWidths(this.report.value()?.overall.distribution ?? [0, 0, 0, 0, 0]));

  protected score(value: number | null): string {
    return value === null ? '—' : value.toFixed(2);
  }
}
