import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatListModule } from '@angular/material/list';
import { TranslocoPipe } from '@jsverse/transloco';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { TenancyApi } from '../tenancy.api';
import type { EnterpriseSummary } from '../tenancy.model';

type Listing = Pick<EnterpriseSummary, 'id' | 'name' | 'type'>;

/** 加入企业: finds an enterprise in the directory and asks to join it (its admins approve). */
@Component({
  selector: 'kg-join-enterprise-page',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatListModule, TranslocoPipe, LoadingPanel, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header>
        <h1>{{ 'enterprises.join.title' | transloco }}</h1>
        <p class="kg-lead">{{ 'enterprises.join.lead' | transloco }}</p>
      </header>
      <section class="kg-card">
        <form class="search" (submit)="$event.preventDefault(); search(q.value)">
          <mat-form-field>
            <mat-label>{{ 'enterprises.join.search' | transloco }}</mat-label>
            <input matInput #q minlength="2" data-testid="directory-search" />
          </mat-form-field>
          <button mat-flat-button type="submit"><mat-icon>search</mat-icon>{{ 'common.search' | transloco }}</button>
        </form>
        @if (failed()) {
          <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco" />
        } @else if (searching()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else if (results(); as list) {
          @if (list.length === 0) {
            <kg-state-panel icon="search_off" [title]="'enterprises.join.none' | transloco" />
          } @else {
            <mat-list>
              @for (e of list; track e.id) {
                <mat-list-item>
                  <mat-icon matListItemIcon>domain</mat-icon>
                  <span matListItemTitle>{{ e.name }}</span>
                  <span matListItemLine>{{ 'enterprises.types.' + e.type | transloco }}</span>
                  <span matListItemMeta>
                    @if (requested().has(e.id)) {
                      <span class="kg-chip ok">{{ 'enterprises.join.requested' | transloco }}</span>
                    } @else {
                      <button mat-stroked-button (click)="join(e)">{{ 'enterprises.join.request' | transloco }}</button>
                    }
                  </span>
                </mat-list-item>
              }
            </mat-list>
          }
        }
      </section>
    </div>
  `,
  styles: `
    .search {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
      align-items: baseline;
      mat-form-field {
        flex: 1 1 240px;
      }
    }
    [matListItemMeta] {
      align-self: center;
    }
  `,
})
export class JoinEnterprisePage {
  private readonly api = inject(TenancyApi);
  protected readonly results = signal<readonly Listing[] | null>(null);
  protected readonly searching = signal(false);
  protected readonly failed = signal(false);
  protected readonly requested = signal<ReadonlySet<string>>(new Set());

  protected search(q: string): void {
    if (q.trim().length < 2) return;
    this.searching.set(true);
    this.failed.set(false);
    this.api.directory(q.trim()).subscribe({
      next: (items) => {
        this.searching.set(false);
        this.results.set(items);
      },
      error: () => {
        this.searching.set(false);
        this.failed.set(true);
      },
    });
  }

  protected join(enterprise: Listing): void {
    const mark = () => this.requested.update((s) => new Set([...s, enterprise.id]));
    this.api.requestToJoin(enterprise.id).subscribe({
      next: mark,
      // 409: already asked (or already a member), which is what the user wanted.
      error: (error: unknown) => error instanceof HttpErrorResponse && error.status === 409 && mark(),
    });
  }
}
