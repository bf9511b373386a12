import type { AbstractControl, FormGroup } from '@angular/forms';
import type { FieldError } from '../../core/api/api-error';

/** The error key a backend refusal is stored under on a form control. */
export const SERVER_ERROR = 'server';

/** Rules the console words itself (key `forms.rules.<rule>`); others show the backend's message. */
export const WORDED_RULES = [
  'mainlandMobile',
  'passwordPolicy',
  'sms-code',
  'one-time-code',
  'already-registered',
  'isNotEmpty',
  'length',
  'matches',
  'equals',
] as const;

/**
 * Puts each of the backend's field errors on the form control it is about, so it shows under that
 * field (`aliases` maps backend names that differ from the control names, e.g. code → smsCode), and
 * marks it touched so Material displays it at once. Returns the errors that fit no field: the page
 * shows those above the form. The error goes away when the user edits the field (re-validation).
 */
export function placeFieldErrors(
  form: FormGroup,
  fields: readonly FieldError[],
  aliases: Readonly<Record<string, string>> = {},
): FieldError[] {
  const unplaced: FieldError[] = [];
  for (const field of fields) {
    const control = form.get(aliases[field.field] ?? field.field);
    if (!control) {
      unplaced.push(field);
      continue;
    }
    control.setErrors({ ...control.errors, [SERVER_ERROR]: field });
    control.markAsTouched();
  }
  return unplaced;
}

/** The backend's refusal stored on a control, if any. */
export const serverErrorOf = (control: AbstractControl | null): FieldError | null =>
  (control?.errors?.[SERVER_ERROR] as FieldError | undefined) ?? null;

/** The translation key for a refusal, or null when the backend's own message is the best text. */
export const ruleKey = (error: FieldError): string | null =>
  (WORDED_RULES as readonly string[]).includes(error.rule) ? `forms.rules.${error.rule}` : null;
