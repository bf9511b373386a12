import { Injectable, inject } from '@angular/core';
import { MatSnackBar, type MatSnackBarRef, type TextOnlySnackBar } from '@angular/material/snack-bar';
import { TranslocoService } from '@jsverse/transloco';
import type { RequestProblem } from './api-error';
import { problemText } from './problem-text';

/** Shows request failures globally in a snack bar, in the active language. */
@Injectable({ providedIn: 'root' })
export class ErrorNotifier {
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  private shown: { readonly message: string; readonly ref: MatSnackBarRef<TextOnlySnackBar> } | null = null;

  notify(problem: RequestProblem): void {
    const message = problemText(problem, (key, params) => this.transloco.translate(key, params));
    // Parallel requests failing for one cause (e.g. the server is down) say so once.
    if (this.shown?.message === message) return;
    const ref = this.snackBar.open(message, this.transloco.translate('common.dismiss'), {
      duration: 8000,
      panelClass: 'kg-snackbar-error',
      politeness: 'assertive',
    });
    this.shown = { message, ref };
    ref.afterDismissed().subscribe(() => {
      if (this.shown?.ref === ref) this.shown = null;
    });
  }
}
