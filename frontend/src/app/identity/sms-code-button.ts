import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { TranslocoPipe } from '@jsverse/transloco';
import { IdentityApi } from './identity.api';
import type { SmsPurpose } from './identity.model';

/** The backend sends at most one code a minute per number; the button waits as long. */
export const RESEND_SECONDS = 60;

/** "获取验证码": asks for an SMS code, then counts down until another may be asked for. */
@Component({
  selector: 'kg-sms-code-button',
  imports: [MatButtonModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      mat-stroked-button
      type="button"
      [disabled]="!phoneValid() || sending() || remaining() > 0"
      (click)="send()"
      [attr.aria-live]="'polite'"
    >
      @if (remaining() > 0) {
        {{ 'identity.sms.resendIn' | transloco: { seconds: remaining() } }}
      } @else if (sending()) {
        {{ 'identity.sms.sending' | transloco }}
      } @else {
        {{ (sentOnce() ? 'identity.sms.resend' : 'identity.sms.get') | transloco }}
      }
    </button>
  `,
  styles: `
    button {
      height: 56px;
      min-width: 124px;
      white-space: nowrap;
    }
  `,
})
export class SmsCodeButton {
  private readonly api = inject(IdentityApi);
  readonly phone = input.required<string>();
  readonly phoneValid = input.required<boolean>();
  readonly purpose = input.required<SmsPurpose>();
  /** The request failed: the page puts the reason on the phone field. */
  readonly failed = output<unknown>();
  /** A code is on its way. */
  readonly sent = output<void>();
  protected readonly sending = signal(false);
  protected readonly sentOnce = signal(false);
  protected readonly remaining = signal(0);
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearInterval(this.timer));
  }

  protected send(): void {
    this.sending.set(true);
    this.api.requestSmsCode(this.phone(), this.purpose()).subscribe({
      next: () => {
        this.sending.set(false);
        this.sentOnce.set(true);
        this.countDown(RESEND_SECONDS);
        this.sent.emit();
      },
      error: (error: unknown) => {
        this.sending.set(false);
        const retryAfter = Number((error as { headers?: { get(name: string): string | null } }).headers?.get('Retry-After'));
        // Too soon: the backend says how long to wait, which the countdown shows.
        if (Number.isFinite(retryAfter) && retryAfter > 0) this.countDown(Math.ceil(retryAfter));
        this.failed.emit(error);
      },
    });
  }

  private countDown(seconds: number): void {
    clearInterval(this.timer);
    this.remaining.set(seconds);
    this.timer = setInterval(() => {
      this.remaining.update((s) => Math.max(0, s - 1));
      if (this.remaining() === 0) clearInterval(this.timer);
    }, 1000);
  }
}
