import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { AbstractControl } from '@angular/forms';
import { TranslocoService } from '@jsverse/transloco';
import { startWith } from 'rxjs';
import { ruleKey, serverErrorOf } from './server-errors';

/**
 * The one message a field shows (inside `<mat-error>`): the backend's refusal when there is one,
 * else the first failing client rule found in `messages` (validator key → translation key).
 */
@Component({
  selector: 'kg-field-error',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '{{ text() }}',
})
export class FieldErrorText {
  private readonly transloco = inject(TranslocoService);
  private readonly language = toSignal(this.transloco.langChanges$.pipe(startWith(this.transloco.getActiveLang())));
  readonly control = input.required<AbstractControl>();
  readonly messages = input<Readonly<Record<string, string>>>({});
  // Re-read on every change detection pass: control errors are not signals.
  protected text(): string {
    this.language();
    const control = this.control();
    const server = serverErrorOf(control);
    if (server) {
      const key = ruleKey(server);
      return key ? this.transloco.translate(key) : server.message;
    }
    const failing = Object.entries(this.messages()).find(([validator]) => control.hasError(validator));
    return failing ? this.transloco.translate(failing[1]) : '';
  }
}
