import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import type { ValidatorFn } from '@angular/forms';

/** The product's password rule, as the backend enforces it: 8–20 characters, letters and digits. */
export const passwordChecks = (value: string) => ({
  length: value.length >= 8 && value.length <= 20,
  letter: /\p{L}/u.test(value),
  digit: /\d/.test(value),
});

/** Validator of the password rule (error key `passwordPolicy`, the backend's rule name). */
export const productPassword: ValidatorFn = (control) => {
  const value = String(control.value ?? '');
  if (!value) return null;
  const checks = passwordChecks(value);
  return checks.length && checks.letter && checks.digit ? null : { passwordPolicy: true };
};

/** Live hints under a new-password field: each rule ticks as it is met. */
@Component({
  selector: 'kg-password-rules',
  imports: [MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul [attr.aria-label]="'identity.password.rulesLabel' | transloco">
      @for (rule of rules(); track rule.key) {
        <li [class.met]="rule.met">
          <mat-icon aria-hidden="true">{{ rule.met ? 'check_circle' : 'radio_button_unchecked' }}</mat-icon>
          <span>{{ 'identity.password.rules.' + rule.key | transloco }}</span>
          <span class="cdk-visually-hidden">{{ (rule.met ? 'identity.password.met' : 'identity.password.notMet') | transloco }}</span>
        </li>
      }
    </ul>
  `,
  styles: `
    ul {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      margin: -8px 0 12px;
      padding: 0 16px;
      list-style: none;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    li {
      display: flex;
      align-items: center;
      gap: 4px;
    }
    mat-icon {
      font-size: 16px;
      width: 16px;
      height: 16px;
    }
    li.met {
      color: var(--kg-ok);
    }
  `,
})
export class PasswordRules {
  readonly value = input.required<string>();
  protected readonly rules = computed(() => {
    const checks = passwordChecks(this.value());
    return (['length', 'letter', 'digit'] as const).map((key) => ({ key, met: checks[key] }));
  });
}
