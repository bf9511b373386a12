import { DOCUMENT, Injectable, inject, signal } from '@angular/core';
import { DateAdapter } from '@angular/material/core';
import { TranslocoService } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { readPreference, writePreference } from '../browser/preferences';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from './languages';

const STORAGE_KEY = 'kuaige.language';

/** The language remembered from the last visit, or the default. */
export function rememberedLanguage(): Language {
  const stored = readPreference(STORAGE_KEY);
  return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
}

/** The console's active language: translations, Material's date locale, `<html lang>`, remembered. */
@Injectable({ providedIn: 'root' })
export class LocaleService {
  private readonly transloco = inject(TranslocoService);
  private readonly dateAdapter = inject(DateAdapter);
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<Language>(DEFAULT_LANGUAGE);

  /** The language the console is shown in. */
  readonly language = this.current.asReadonly();

  /** Switches the whole console to `language` once its translations are loaded. */
  async use(language: Language): Promise<void> {
    // Load first so that the switch never shows raw keys half-way.
    await firstValueFrom(this.transloco.load(language));
    this.transloco.setActiveLang(language);
    this.dateAdapter.setLocale(language);
    this.document.documentElement.lang = language;
    this.current.set(language);
    writePreference(STORAGE_KEY, language);
  }
}
