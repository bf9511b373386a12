import { HttpErrorResponse } from '@angular/common/http';
import type { FormGroup } from '@angular/forms';
import type { FieldError } from '../../core/api/api-error';
import { describeRequestError } from '../../core/api/api-error';
import { placeFieldErrors } from './server-errors';

/** A refused form submission: status, the field errors that fit no field, the wait a 429 asks for. */
export interface FormFailure {
  readonly status: number;
  readonly message: string | null;
  readonly unplaced: readonly FieldError[];
  readonly retryAfterSeconds: number | null;
}

/**
 * Turns a failed submission into what the form shows: field errors go onto their fields (see
 * placeFieldErrors); the rest is returned. Null for errors that are not an answer of the backend
 * (offline: the global notice already said so).
 */
export function formFailure(error: unknown, form: FormGroup | null, aliases: Readonly<Record<string, string>> = {}): FormFailure | null {
  const problem = describeRequestError(error);
  if (!problem || problem.kind !== 'rejected') return null;
  const unplaced = form ? placeFieldErrors(form, problem.fields, aliases) : [...problem.fields];
  const retryAfter = error instanceof HttpErrorResponse ? Number(error.headers.get('Retry-After')) : NaN;
  return {
    status: problem.status,
    message: problem.message,
    unplaced,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : null,
  };
}
