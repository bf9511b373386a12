import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { ActiveContext } from '../../core/context/active-context';
import { StatusChip } from '../../shared/ui/status-chip';
import { TenancyApi } from '../tenancy.api';
import { loadTreeView, pathCodes } from './operator-tree';

/** 运营网络: the operator tree, drilled down province → city → county, with each division's counts. */
@Component({
  selector: 'kg-operator-tree-page',
  imports: [NgTemplateOutlet, MatButtonModule, MatIconModule, RouterLink, TranslocoPipe, LoadingPanel, StatePanel, StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header>
        <h1>{{ 'tree.title' | transloco }}</h1>
        <p class="kg-lead">{{ 'tree.lead' | transloco }}</p>
      </header>
      @if (view.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="view.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!view.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        @let v = view.value();
        <nav class="crumbs" [attr.aria-label]="'tree.breadcrumb' | transloco" data-testid="tree-breadcrumb">
          @for (step of v.trail; track step.code; let last = $last; let i = $index) {
            @if (last) {
              <span aria-current="page">{{ step.name }}</span>
            } @else {
              <a [routerLink]="[]" [queryParams]="{ path: pathTo(i) }">{{ step.name }}</a>
              <mat-icon aria-hidden="true">chevron_right</mat-icon>
            }
          }
        </nav>
        @let here = v.trail[v.trail.length - 1]!;
        <section class="kg-card current" data-testid="tree-current">
          <div class="row">
            <div class="title">
              <h2>{{ here.name }}</h2>
              <span class="level"
                >{{ 'tree.levels.' + here.level | transloco }} · <span class="kg-mono">{{ here.code }}</span></span
              >
            </div>
            <ng-container [ngTemplateOutlet]="nodeOf" [ngTemplateOutletContext]="{ $implicit: here }" />
          </div>
          <ng-container [ngTemplateOutlet]="countsOf" [ngTemplateOutletContext]="{ $implicit: here }" />
        </section>
        @if (v.children.length) {
          <ul class="children" data-testid="tree-children">
            @for (child of v.children; track child.code) {
              <li class="kg-card">
                <div class="row">
                  <div class="title">
                    @if (child.hasChildren) {
                      <a class="drill" [routerLink]="[]" [queryParams]="{ path: pathInto(child.code) }"
                        >{{ child.name }}<mat-icon aria-hidden="true">chevron_right</mat-icon></a
                      >
                    } @else {
                      <strong>{{ child.name }}</strong>
                    }
                    <span class="level"
                      >{{ 'tree.levels.' + child.level | transloco }} · <span class="kg-mono">{{ child.code }}</span></span
                    >
                  </div>
                  <ng-container [ngTemplateOutlet]="nodeOf" [ngTemplateOutletContext]="{ $implicit: child }" />
                </div>
                <ng-container [ngTemplateOutlet]="countsOf" [ngTemplateOutletContext]="{ $implicit: child }" />
              </li>
            }
          </ul>
        } @else if (here.level !== 'county') {
          <kg-state-panel icon="account_tree" [title]="'tree.noChildren' | transloco" />
        }
      }
    </div>

    <ng-template #nodeOf let-item>
      @if (item.node) {
        <span class="node">
          <a [routerLink]="['/operator-network/nodes', item.node.id]">{{ item.node.name }}</a>
          <kg-status [value]="item.node.status" />
        </span>
      } @else {
        <span class="node missing">
          <span>{{ 'tree.noNode' | transloco }}</span>
          @if (canCreate()) {
            <a
              mat-stroked-button
              [routerLink]="['/operator-network/nodes/new']"
              [queryParams]="{ division: item.code }"
              data-testid="create-node"
            >
              <mat-icon>add</mat-icon>{{ 'tree.createNode' | transloco }}
            </a>
          }
        </span>
      }
    </ng-template>
    <ng-template #countsOf let-item>
      <dl class="counts">
        <div>
          <dt>{{ 'tree.counts.enterprises' | transloco }}</dt>
          <dd>{{ item.counts.enterprises }}</dd>
        </div>
        <div>
          <dt>{{ 'tree.counts.pendingEnterprises' | transloco }}</dt>
          <dd>{{ item.counts.pendingEnterprises }}</dd>
        </div>
        @if (item.counts.openWorkOrders != null) {
          <div>
            <dt>{{ 'tree.counts.openWorkOrders' | transloco }}</dt>
            <dd>{{ item.counts.openWorkOrders }}</dd>
          </div>
        }
      </dl>
    </ng-template>
  `,
  styles: `
    .crumbs {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 2px 4px;
      a {
        color: var(--mat-sys-primary);
      }
      mat-icon {
        font-size: 18px;
        width: 18px;
        height: 18px;
        color: var(--mat-sys-on-surface-variant);
      }
    }
    .children {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(300px, 1fr));
      gap: 12px;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 8px;
    }
    .title {
      display: flex;
      flex-direction: column;
      min-width: 0;
      h2 {
        margin: 0;
      }
    }
    .drill {
      display: inline-flex;
      align-items: center;
      font: var(--mat-sys-title-medium);
      color: var(--mat-sys-primary);
    }
    .level {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .node {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .missing {
      color: var(--mat-sys-on-surface-variant);
    }
    .counts {
      display: flex;
      flex-wrap: wrap;
      gap: 16px;
      margin: 12px 0 0;
      dt {
        font: var(--mat-sys-label-small);
        color: var(--mat-sys-on-surface-variant);
      }
      dd {
        margin: 0;
        font: var(--mat-sys-title-medium);
      }
    }
    @media (max-width: 599.98px) {
      .children {
        grid-template-columns: 1fr;
      }
    }
  `,
})
export class OperatorTreePage {
  private readonly api = inject(TenancyApi);
  private readonly context = inject(ActiveContext);
  /** Query parameter: the division codes below the root, comma-separated. */
  readonly path = input<string>();
  protected readonly codes = computed(() => pathCodes(this.path()));
  protected readonly view = rxResource({ params: () => this.codes(), stream: ({ params }) => loadTreeView(this.api, params) });
  protected readonly canCreate = computed(() => this.context.can('operator-node:create'));

  /** The path of the breadcrumb's step `index` (0 = the root). */
  protected pathTo(index: number): string | null {
    const codes = this.codes().slice(0, index);
    return codes.length ? codes.join(',') : null;
  }

  protected pathInto(code: string): string {
    return [...this.codes(), code].join(',');
  }
}
