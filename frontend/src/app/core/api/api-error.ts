import { HttpErrorResponse } from '@angular/common/http';

/** One invalid input field, as the backend reports it. */
export interface FieldError {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** The body of every REST error the backend answers. */
export interface ApiErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
  readonly errors?: readonly FieldError[];
  readonly requestId?: string;
}

/** One error of a GraphQL response. */
export interface GraphqlErrorEntry {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly [key: string]: unknown };
}

/** A GraphQL response that carried errors: the request reached the server but did not succeed. */
export class GraphqlRequestError extends Error {
  constructor(readonly errors: readonly GraphqlErrorEntry[]) {
    super(errors.map((e) => e.message).join('; ') || 'GraphQL request failed');
    this.name = 'GraphqlRequestError';
  }
}

/** What went wrong with a request, before it is put into the user's language. */
export type RequestProblem =
  | { readonly kind: 'unreachable' }
  | {
      readonly kind: 'rejected';
      readonly status: number;
      readonly message: string | null;
      readonly fields: readonly FieldError[];
      readonly requestId: string | null;
    }
  | { readonly kind: 'graphql'; readonly messages: readonly string[] };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export const isApiErrorBody = (body: unknown): body is ApiErrorBody =>
  isRecord(body) && typeof body['statusCode'] === 'number' && typeof body['message'] === 'string';

const isFieldError = (value: unknown): value is FieldError =>
  isRecord(value) && typeof value['field'] === 'string' && typeof value['message'] === 'string';

const graphqlMessages = (body: unknown): string[] =>
  isRecord(body) && Array.isArray(body['errors'])
    ? body['errors']
        .filter(isRecord)
        .map((e) => String(e['message'] ?? ''))
        .filter(Boolean)
    : [];

/** Classifies a failed HTTP call: server unreachable, or what the server said about it. */
export function describeHttpError(error: HttpErrorResponse): RequestProblem {
  // Status 0: no answer at all (offline, DNS, refused connection, CORS) — fetch gives no more detail.
  if (error.status === 0) return { kind: 'unreachable' };
  const body: unknown = error.error;
  if (isApiErrorBody(body)) {
    return {
      kind: 'rejected',
      status: error.status,
      message: body.message,
      fields: (body.errors ?? []).filter(isFieldError),
      requestId: body.requestId || null,
    };
  }
  const messages = graphqlMessages(body);
  return { kind: 'rejected', status: error.status, message: messages.length ? messages.join('; ') : null, fields: [], requestId: null };
}

/** Classifies anything a request may fail with; null for errors that are not about a request. */
export function describeRequestError(error: unknown): RequestProblem | null {
  if (error instanceof HttpErrorResponse) return describeHttpError(error);
  if (error instanceof GraphqlRequestError) return { kind: 'graphql', messages: error.errors.map((e) => e.message) };
  return null;
}
