import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

/** A designed empty, error or not-found state: icon, title, explanation and the actions to take. */
@Component({
  selector: 'kg-state-panel',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.error]': "tone() === 'error'", '[attr.role]': "tone() === 'error' ? 'alert' : 'status'" },
  template: `
    <div class="badge">
      <mat-icon aria-hidden="true">{{ icon() }}</mat-icon>
    </div>
    <h2>{{ title() }}</h2>
    @if (message()) {
      <p>{{ message() }}</p>
    }
    <div class="actions"><ng-content /></div>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      align-items: center;
      text-align: center;
      gap: 8px;
      padding: 40px 24px;
      border-radius: var(--mat-sys-corner-large);
      background: var(--mat-sys-surface-container-lowest);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .badge {
      display: grid;
      place-items: center;
      width: 64px;
      height: 64px;
      border-radius: 50%;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      margin-bottom: 8px;
    }
    .badge mat-icon {
      font-size: 32px;
      width: 32px;
      height: 32px;
    }
    :host(.error) .badge {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    h2 {
      margin: 0;
      font: var(--mat-sys-title-large);
    }
    p {
      margin: 0;
      max-width: 56ch;
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      justify-content: center;
      gap: 8px;
      margin-top: 12px;
    }
    .actions:empty {
      display: none;
    }
  `,
})
export class StatePanel {
  readonly icon = input.required<string>();
  readonly title = input.required<string>();
  readonly message = input<string | null>(null);
  readonly tone = input<'neutral' | 'error'>('neutral');
}
