import { DOCUMENT, Injectable, computed, inject, signal } from '@angular/core';
import { readPreference, writePreference } from '../browser/preferences';

export type ColorScheme = 'light' | 'dark';

const STORAGE_KEY = 'kuaige.color-scheme';
const isScheme = (value: unknown): value is ColorScheme => value === 'light' || value === 'dark';

/**
 * Light or dark. Until the user picks one the console follows the operating system (the stylesheet's
 * `color-scheme: light dark`); a pick is pinned with a class on <html> and remembered.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly root = inject(DOCUMENT).documentElement;
  private readonly media = inject(DOCUMENT).defaultView?.matchMedia?.('(prefers-color-scheme: dark)');
  private readonly systemPrefersDark = signal(this.media?.matches ?? false);
  private readonly chosen = signal<ColorScheme | null>(null);

  /** The scheme in effect. */
  readonly scheme = computed<ColorScheme>(() => this.chosen() ?? (this.systemPrefersDark() ? 'dark' : 'light'));

  constructor() {
    this.media?.addEventListener('change', (event) => this.systemPrefersDark.set(event.matches));
    const stored = readPreference(STORAGE_KEY);
    if (isScheme(stored)) this.pin(stored);
  }

  /** Switches to the other scheme and remembers the choice. */
  toggle(): void {
    const next: ColorScheme = this.scheme() === 'dark' ? 'light' : 'dark';
    this.pin(next);
    writePreference(STORAGE_KEY, next);
  }

  private pin(scheme: ColorScheme): void {
    this.chosen.set(scheme);
    this.root.classList.toggle('kg-dark', scheme === 'dark');
    this.root.classList.toggle('kg-light', scheme === 'light');
  }
}
