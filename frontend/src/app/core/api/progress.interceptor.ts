import type { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { finalize } from 'rxjs';
import { HttpActivity } from './http-activity';
import { BACKGROUND_REQUEST } from './request-context';

/** Drives the global progress bar: every foreground request counts until it settles or is cancelled. */
export const progressInterceptor: HttpInterceptorFn = (request, next) => {
  if (request.context.get(BACKGROUND_REQUEST)) return next(request);
  const activity = inject(HttpActivity);
  activity.begin();
  return next(request).pipe(finalize(() => activity.end()));
};
