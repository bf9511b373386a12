import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe } from '@jsverse/transloco';
import { LANGUAGES, LANGUAGE_NAMES, type Language } from '../i18n/languages';
import { LocaleService } from '../i18n/locale.service';

/** Toolbar button that switches the console's language at run time. */
@Component({
  selector: 'kg-language-menu',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, MatTooltipModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (compact()) {
      <button
        mat-icon-button
        [matMenuTriggerFor]="menu"
        [attr.aria-label]="'shell.language' | transloco"
        [matTooltip]="'shell.language' | transloco"
      >
        <mat-icon>translate</mat-icon>
      </button>
    } @else {
      <!-- The accessible name contains the visible language name (WCAG 2.5.3, label in name). -->
      <button mat-button [matMenuTriggerFor]="menu" [attr.aria-label]="('shell.language' | transloco) + ': ' + names[locale.language()]">
        <mat-icon>translate</mat-icon>
        {{ names[locale.language()] }}
      </button>
    }
    <mat-menu #menu="matMenu" xPosition="before">
      @for (language of languages; track language) {
        <button
          mat-menu-item
          role="menuitemradio"
          [attr.aria-checked]="language === locale.language()"
          [attr.lang]="language"
          (click)="select(language)"
        >
          <mat-icon>{{ language === locale.language() ? 'check' : '' }}</mat-icon>
          <span>{{ names[language] }}</span>
        </button>
      }
    </mat-menu>
  `,
})
export class LanguageMenu {
  protected readonly locale = inject(LocaleService);
  protected readonly languages = LANGUAGES;
  protected readonly names = LANGUAGE_NAMES;
  /** Icon only, for narrow toolbars. */
  readonly compact = input(false);

  protected select(language: Language): void {
    void this.locale.use(language);
  }
}
