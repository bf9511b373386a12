import { HttpErrorResponse } from '@angular/common/http';
import { describe, expect, it } from 'vitest';
import { describeHttpError } from './api-error';
import { problemText } from './problem-text';

// A stand-in for Transloco that shows which key and parameters were chosen.
const translate = (key: string, params?: Record<string, unknown>) => (params ? `${key} ${JSON.stringify(params)}` : key);

describe('request problems in words', () => {
  it('says the server is unreachable when no answer came back at all', () => {
    const problem = describeHttpError(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }));
    expect(problemText(problem, translate)).toBe('errors.unreachable');
  });

  it("keeps the backend's message, its field errors and the request id", () => {
    const body = {
      statusCode: 400,
      error: 'Bad Request',
      message: 'Validation failed',
      errors: [{ field: 'email', rule: 'isEmail', message: 'email must be an email' }],
      requestId: 'req-1',
    };
    const text = problemText(describeHttpError(new HttpErrorResponse({ status: 400, error: body })), translate);
    expect(text).toBe(
      'errors.rejectedWithDetail {"status":400,"detail":"Validation failed; email: email must be an email"} errors.requestId {"id":"req-1"}',
    );
  });

  it('calls 5xx answers server failures', () => {
    const body = { statusCode: 500, error: 'Internal Server Error', message: 'An unexpected error occurred', requestId: '' };
    const text = problemText(describeHttpError(new HttpErrorResponse({ status: 500, error: body })), translate);
    expect(text).toBe('errors.serverWithDetail {"status":500,"detail":"An unexpected error occurred"}');
  });

  it('reads GraphQL error bodies (e.g. a 400 for an invalid query)', () => {
    const body = { errors: [{ message: 'Cannot query field "nope" on type "Query".' }] };
    const text = problemText(describeHttpError(new HttpErrorResponse({ status: 400, error: body })), translate);
    expect(text).toContain('Cannot query field');
  });

  it('still says something useful for a body it does not know', () => {
    const text = problemText(describeHttpError(new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' })), translate);
    expect(text).toBe('errors.server {"status":502,"detail":""}');
  });

  it('tells a privileged user to set up two-step verification instead of echoing the backend', () => {
    const body = {
      statusCode: 403,
      error: 'Forbidden',
      message: 'your roles require a second factor',
      errors: [{ field: 'mfa', rule: 'mfa-setup-required', message: 'your roles require a second factor' }],
      requestId: 'req-9',
    };
    const text = problemText(describeHttpError(new HttpErrorResponse({ status: 403, error: body })), translate);
    expect(text).toBe('errors.mfaSetupRequired errors.requestId {"id":"req-9"}');
  });
});
