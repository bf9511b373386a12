import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { AbstractControl } from '@angular/forms';
import { TranslocoService } from '@jsverse/transloco';
import { startWith, switchMap } from 'rxjs';
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
  // Control errors are not signals: the control's own events (status, touched, a server error put on
  // it, validators swapped at submit) re-render the text, which OnPush would otherwise keep stale.
  private readonly controlEvents = toSignal(toObservable(this.control).pipe(switchMap((control) => control.events.pipe(startWith(null)))));
  protected text(): string {
    this.language();
    this.controlEvents();
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
