import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import type { ChartState } from '../analytics-chart';

/** One panel of the wall board, with its loading, empty and error states drawn for the dark theme. */
@Component({
  selector: 'kg-board-panel',
  imports: [MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <h2>{{ title() }}</h2>
      <ng-content select="[board-extra]" />
    </header>
    <div class="body">
      @switch (state()) {
        @case ('loading') {
          <div class="state" role="status">
            <span class="shimmer" aria-hidden="true"></span>
            <span>{{ 'opsBoard.states.loading' | transloco }}</span>
          </div>
        }
        @case ('error') {
          <div class="state error" role="alert">
            <mat-icon aria-hidden="true">cloud_off</mat-icon>
            <span>{{ 'opsBoard.states.error' | transloco }}</span>
            <button type="button" (click)="retry.emit()">{{ 'opsBoard.states.retry' | transloco }}</button>
          </div>
        }
        @case ('empty') {
          <div class="state" role="status">
            <mat-icon aria-hidden="true">insights</mat-icon>
            <span>{{ 'opsBoard.states.empty' | transloco }}</span>
          </div>
        }
        @default {
          <ng-content />
        }
      }
    </div>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-width: 0;
      min-height: 0;
      padding: 12px 16px;
      border: 1px solid rgba(79, 139, 255, 0.35);
      border-radius: 6px;
      background: linear-gradient(180deg, rgba(20, 52, 110, 0.55), rgba(8, 24, 56, 0.55));
      box-shadow: inset 0 0 24px rgba(53, 208, 255, 0.08);
      position: relative;
    }
    /* Corner marks, as wall boards draw their frames. */
    :host::before,
    :host::after {
      content: '';
      position: absolute;
      width: 14px;
      height: 14px;
      border: 2px solid #35d0ff;
    }
    :host::before {
      top: -1px;
      left: -1px;
      border-right: 0;
      border-bottom: 0;
    }
    :host::after {
      bottom: -1px;
      right: -1px;
      border-left: 0;
      border-top: 0;
    }
    header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      margin-bottom: 6px;
    }
    h2 {
      margin: 0;
      font-size: clamp(15px, 1.05vw, 20px);
      font-weight: 600;
      letter-spacing: 0.06em;
      color: #e6f0ff;
      padding-left: 10px;
      border-left: 3px solid #35d0ff;
    }
    .body {
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
    }
    .state {
      flex: 1;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 10px;
      min-height: 120px;
      color: #8fb3e8;
      font-size: 15px;
    }
    .state.error {
      color: #ffb199;
    }
    .state button {
      font: inherit;
      color: #071634;
      background: #35d0ff;
      border: 0;
      border-radius: 4px;
      padding: 6px 16px;
      cursor: pointer;
    }
    .shimmer {
      width: 60%;
      height: 10px;
      border-radius: 5px;
      background: linear-gradient(90deg, rgba(79, 139, 255, 0.15), rgba(53, 208, 255, 0.5), rgba(79, 139, 255, 0.15));
      background-size: 200% 100%;
      animation: shimmer 1.4s linear infinite;
    }
    @keyframes shimmer {
      from {
        background-position: 200% 0;
      }
      to {
        background-position: 0 0;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .shimmer {
        animation: none;
      }
    }
  `,
})
export class BoardPanel {
  readonly title = input.required<string>();
  readonly state = input<ChartState>('ready');
  readonly retry = output<void>();
}
