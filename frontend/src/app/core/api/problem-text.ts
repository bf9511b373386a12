import type { RequestProblem } from './api-error';

/** Looks up a translation; Transloco's `translate` fits. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Puts a request problem into the user's language, keeping the backend's own words as the detail. */
export function problemText(problem: RequestProblem, translate: Translate): string {
  switch (problem.kind) {
    case 'unreachable':
      return translate('errors.unreachable');
    case 'graphql':
      return translate('errors.graphql', { detail: problem.messages.join('; ') });
    case 'rejected': {
      // Privileged roles act only with TOTP set up: say where to turn it on, in the user's language.
      if (problem.fields.some((f) => f.rule === 'mfa-setup-required')) {
        const text = translate('errors.mfaSetupRequired');
        return problem.requestId ? `${text} ${translate('errors.requestId', { id: problem.requestId })}` : text;
      }
      const fields = problem.fields.map((f) => `${f.field}: ${f.message}`);
      const detail = [problem.message, ...fields].filter(Boolean).join('; ');
      const family = problem.status >= 500 ? 'server' : 'rejected';
      const text = translate(detail ? `errors.${family}WithDetail` : `errors.${family}`, { status: problem.status, detail });
      return problem.requestId ? `${text} ${translate('errors.requestId', { id: problem.requestId })}` : text;
    }
  }
}
