import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { highlightPieces } from './highlight';

/** A text with the search's matched terms marked. */
@Component({
  selector: 'kg-highlighted',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `@for (p of pieces(); track $index) {
    @if (p.mark) {
      <mark>{{ p.text }}</mark>
    } @else {
      {{ p.text }}
    }
  }`,
  styles: `
    mark {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
      border-radius: 2px;
      padding: 0 1px;
    }
  `,
})
export class HighlightedText {
  readonly text = input.required<string>();
  readonly terms = input<readonly string[]>([]);
  protected readonly pieces = computed(() => highlightPieces(this.text(), this.terms()));
}
