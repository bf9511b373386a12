import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';

/** The first load of a page: a spinner and what is being fetched. */
@Component({
  selector: 'kg-loading-panel',
  imports: [MatProgressSpinnerModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', '[attr.aria-busy]': 'true' },
  template: `
    <mat-spinner diameter="40" aria-hidden="true" />
    <p>{{ label() }}</p>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 16px;
      padding: 64px 24px;
      color: var(--mat-sys-on-surface-variant);
    }
    p {
      margin: 0;
      font: var(--mat-sys-body-large);
    }
  `,
})
export class LoadingPanel {
  readonly label = input.required<string>();
}
