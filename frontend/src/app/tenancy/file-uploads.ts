import { ChangeDetectionStrategy, Component, inject, input, model, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { TranslocoPipe } from '@jsverse/transloco';
import { TenancyApi } from './tenancy.api';
import type { StoredBlob } from './tenancy.model';

/** Documents uploaded one by one as they are chosen; `files` holds what the backend stored. */
@Component({
  selector: 'kg-file-uploads',
  imports: [MatButtonModule, MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="label">{{ label() }}</span>
    <input #file type="file" hidden [multiple]="max() > 1" [accept]="accept()" (change)="add(file.files); file.value = ''" />
    <button mat-stroked-button type="button" (click)="file.click()" [disabled]="uploading() || files().length >= max()">
      <mat-icon>upload_file</mat-icon>{{ 'tenancy.upload.add' | transloco }}
    </button>
    @for (name of names(); track $index) {
      <span class="kg-chip ok">{{ name }}</span>
    }
    @if (uploading()) {
      <span>{{ 'enterprises.register.uploading' | transloco }}</span>
    }
    @if (failed()) {
      <span class="failed" role="alert">{{ 'enterprises.register.licenceFailed' | transloco }}</span>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin-bottom: 16px;
    }
    .label {
      width: 100%;
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .failed {
      color: var(--mat-sys-error);
    }
  `,
})
export class FileUploads {
  private readonly api = inject(TenancyApi);
  readonly label = input.required<string>();
  readonly files = model<readonly StoredBlob[]>([]);
  /** How many files may be chosen; the button goes once that many are in. */
  readonly max = input(20);
  readonly accept = input('image/jpeg,image/png,application/pdf');
  protected readonly names = signal<readonly string[]>([]);
  protected readonly uploading = signal(false);
  protected readonly failed = signal(false);

  protected add(files: FileList | null): void {
    for (const file of Array.from(files ?? [])) {
      this.uploading.set(true);
      this.failed.set(false);
      this.api.uploadBlob(file).subscribe({
        next: (blob) => {
          this.uploading.set(false);
          this.files.update((files) => [...files, blob]);
          this.names.update((n) => [...n, file.name]);
        },
        error: () => {
          this.uploading.set(false);
          this.failed.set(true);
        },
      });
    }
  }
}
