import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  type ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { MAT_ICON_DEFAULT_OPTIONS } from '@angular/material/icon';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { errorNoticeInterceptor } from './core/api/error-notice.interceptor';
import { authInterceptor } from './core/auth/auth.interceptor';
import { AuthSession } from './core/auth/auth-session';
import { progressInterceptor } from './core/api/progress.interceptor';
import { provideI18n } from './core/i18n/i18n.providers';
import { ThemeService } from './core/theme/theme.service';
import { DevOutboxAvailability } from './core/nav/dev-outbox-availability';
import { routes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding()),
    // The auth interceptor sits inside the error notice, so the notice sees a call's outcome after the
    // refresh-and-retry rather than the first 401.
    provideHttpClient(withFetch(), withInterceptors([progressInterceptor, errorNoticeInterceptor, authInterceptor])),
    provideI18n(),
    { provide: MAT_ICON_DEFAULT_OPTIONS, useValue: { fontSet: 'material-icons-outlined' } },
    // Applies the remembered colour scheme before the first render.
    provideAppInitializer(() => void inject(ThemeService)),
    // Resumes this tab's session in the background; guards of signed-in pages wait for it.
    provideAppInitializer(() => void inject(AuthSession).restore()),
    // Asks once whether the backend keeps a development SMS outbox (the navigation then lists it).
    provideAppInitializer(() => inject(DevOutboxAvailability).check()),
  ],
};
