import { type EnvironmentProviders, inject, isDevMode, makeEnvironmentProviders, provideAppInitializer } from '@angular/core';
import { MAT_DATE_LOCALE, provideNativeDateAdapter } from '@angular/material/core';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { TitleStrategy } from '@angular/router';
import { provideTransloco } from '@jsverse/transloco';
import { DEFAULT_LANGUAGE, LANGUAGES } from './languages';
import { LocaleService, rememberedLanguage } from './locale.service';
import { TranslatedPaginatorIntl } from './translated-paginator-intl';
import { TranslatedTitleStrategy } from './translated-title-strategy';
import { TranslocoHttpLoader } from './transloco-http-loader';

/** Runtime i18n: Transloco, Material's own texts and date locale, translated page titles. */
export function provideI18n(): EnvironmentProviders {
  return makeEnvironmentProviders([
    provideTransloco({
      config: {
        availableLangs: [...LANGUAGES],
        defaultLang: DEFAULT_LANGUAGE,
        fallbackLang: DEFAULT_LANGUAGE,
        reRenderOnLangChange: true,
        prodMode: !isDevMode(),
        missingHandler: { logMissingKey: true, useFallbackTranslation: true, allowEmpty: false },
      },
      loader: TranslocoHttpLoader,
    }),
    provideNativeDateAdapter(),
    // Read directly: LocaleService itself needs the DateAdapter, which needs this locale.
    { provide: MAT_DATE_LOCALE, useFactory: rememberedLanguage },
    { provide: MatPaginatorIntl, useClass: TranslatedPaginatorIntl },
    { provide: TitleStrategy, useClass: TranslatedTitleStrategy },
    // The first render waits for the remembered language, so no raw keys ever flash.
    provideAppInitializer(() => inject(LocaleService).use(rememberedLanguage())),
  ]);
}
