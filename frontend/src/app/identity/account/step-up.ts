import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { AuthSession } from '../../core/auth/auth-session';
import { StepUpDialog, type StepUpData } from './step-up-dialog';

// A step-up about to run out is renewed now rather than failing half-way through a flow.
const MARGIN_MS = 30_000;

/** Makes sure the session is stepped up before a critical change, asking the user when it is not. */
@Injectable({ providedIn: 'root' })
export class StepUpGate {
  private readonly dialog = inject(MatDialog);
  private readonly session = inject(AuthSession);
  private steppedUpUntil = 0;

  /** True once stepped up (already, or now through the dialog); false when the user cancelled. */
  async ensure(force = false): Promise<boolean> {
    const account = this.session.user();
    // Only what this page confirmed counts: the account's copy may be minutes old.
    if (!force && this.steppedUpUntil - Date.now() > MARGIN_MS) return true;
    const ref = this.dialog.open<StepUpDialog, StepUpData, string>(StepUpDialog, {
      data: { mfaEnabled: account?.mfa.enabled ?? false },
      width: '420px',
      maxWidth: 'calc(100vw - 32px)',
    });
    const until = await firstValueFrom(ref.afterClosed());
    if (!until) return false;
    this.steppedUpUntil = Date.parse(until);
    return true;
  }

  /** The backend said the step-up ran out (403 step-up-required): forget what we knew. */
  lapse(): void {
    this.steppedUpUntil = 0;
  }
}
