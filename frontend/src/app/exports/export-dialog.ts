import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatRadioModule } from '@angular/material/radio';
import { Router } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../core/i18n/locale.service';
import { ExportsApi, type ExportFormat } from './exports.api';

export interface ExportRequest {
  readonly kind: string;
  readonly params: Record<string, unknown>;
  /** Formats offered; PDF only where the table is short enough to print. */
  readonly formats?: readonly ExportFormat[];
}

/** 导出: picks the format, starts the export as a job and goes to 导出记录 to watch it. */
@Component({
  selector: 'kg-export-dialog',
  imports: [MatButtonModule, MatDialogModule, MatIconModule, MatRadioModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ 'exports.dialog.title' | transloco }}</h2>
    <mat-dialog-content>
      <p class="kg-lead">{{ 'exports.dialog.lead' | transloco }}</p>
      <mat-radio-group class="formats" [value]="format()" (change)="format.set($event.value)" [attr.aria-label]="'exports.dialog.format' | transloco">
        @for (f of formats; track f) {
          <mat-radio-button [value]="f" [attr.data-testid]="'export-format-' + f">{{ 'exports.format.' + f | transloco }}</mat-radio-button>
        }
      </mat-radio-group>
      @if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>{{ 'exports.dialog.cancel' | transloco }}</button>
      <button mat-flat-button type="button" [disabled]="busy()" (click)="start()" data-testid="export-start"><mat-icon>download</mat-icon>{{ 'exports.dialog.start' | transloco }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .formats { display: flex; flex-direction: column; gap: 8px; }
    .error { color: var(--mat-sys-error); }
  `,
})
export class ExportDialog {
  private readonly data = inject<ExportRequest>(MAT_DIALOG_DATA);
  private readonly api = inject(ExportsApi);
  private readonly ref = inject<MatDialogRef<ExportDialog>>(MatDialogRef);
  private readonly router = inject(Router);
  private readonly locale = inject(LocaleService);
  protected readonly formats: readonly ExportFormat[] = this.data.formats ?? ['xlsx', 'csv', 'pdf'];
  protected readonly format = signal<ExportFormat>('xlsx');
  protected readonly busy = signal(false);
  protected readonly error = signal('');

  protected start(): void {
    this.busy.set(true);
    this.error.set('');
    this.api.start(this.data.kind, this.format(), this.data.params, this.locale.language()).subscribe({
      next: (started) => {
        this.ref.close(started);
        void this.router.navigate(['/exports'], { queryParams: { highlight: started.id } });
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.error.set(e instanceof HttpErrorResponse ? String((e.error as { message?: string } | null)?.message ?? e.message) : String(e));
      },
    });
  }
}

/** Opens the export dialog for a table's current filters. */
export const openExportDialog = (dialog: MatDialog, request: ExportRequest) => dialog.open(ExportDialog, { data: request, width: '420px', maxWidth: '95vw' });
