import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { describeHttpError } from './api-error';
import { ErrorNotifier } from './error-notifier';
import { HANDLED_ERROR_STATUSES } from './request-context';

/** Tells the user about every failed request, unless the caller declared that status as handled. */
export const errorNoticeInterceptor: HttpInterceptorFn = (request, next) => {
  const notifier = inject(ErrorNotifier);
  return next(request).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && !request.context.get(HANDLED_ERROR_STATUSES).includes(error.status)) {
        notifier.notify(describeHttpError(error));
      }
      return throwError(() => error);
    }),
  );
};
