import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, model, signal } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Attachment } from '../work-order.model';
import { WorkOrdersApi } from '../work-orders.api';

interface Shown {
  readonly url: string;
  readonly name: string;
  readonly attachment: Attachment;
}

/**
 * Photos uploaded through POST /api/v1/blobs as they are chosen, each shown as a thumbnail of the
 * local file (no second download); `attachments` holds what the blob store kept.
 */
@Component({
  selector: 'kg-photo-attachments',
  imports: [MatIconModule, MatProgressSpinnerModule, TranslocoPipe, MatIconButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="label">{{ label() }}</span>
    <div class="grid">
      @for (p of shown(); track p.attachment.blobId) {
        <figure>
          <img [src]="p.url" [alt]="p.name" />
          <button
            mat-icon-button
            type="button"
            class="remove"
            (click)="remove(p)"
            [attr.aria-label]="'workOrders.photos.remove' | transloco: { name: p.name }"
          >
            <mat-icon>close</mat-icon>
          </button>
        </figure>
      }
      @if (shown().length < max()) {
        <button type="button" class="add" (click)="file.click()" [disabled]="uploading()" data-testid="add-photo">
          @if (uploading()) {
            <mat-spinner diameter="20" aria-hidden="true" />
          } @else {
            <mat-icon>add_a_photo</mat-icon>
          }
          {{ 'workOrders.photos.add' | transloco }}
        </button>
      }
    </div>
    <input
      #file
      type="file"
      hidden
      multiple
      accept="image/jpeg,image/png"
      (change)="add(file.files); file.value = ''"
      data-testid="photo-input"
    />
    @if (failed()) {
      <span class="failed" role="alert">{{ 'workOrders.photos.failed' | transloco }}</span>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
      margin-bottom: 16px;
    }
    .label {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .grid {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    figure {
      position: relative;
      margin: 0;
    }
    img {
      display: block;
      width: 96px;
      height: 96px;
      object-fit: cover;
      border-radius: var(--mat-sys-corner-small);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .remove {
      position: absolute;
      top: -8px;
      right: -8px;
      background: var(--mat-sys-surface-container-high);
    }
    .add {
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 4px;
      width: 96px;
      height: 96px;
      border: 1px dashed var(--mat-sys-outline);
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-surface-container-low);
      color: var(--mat-sys-primary);
      font: var(--mat-sys-label-medium);
      cursor: pointer;
    }
    .add:hover {
      background: var(--mat-sys-surface-container);
    }
    .add:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .add[disabled] {
      cursor: progress;
    }
    .failed {
      color: var(--mat-sys-error);
    }
  `,
})
export class PhotoAttachments {
  private readonly api = inject(WorkOrdersApi);
  readonly label = input.required<string>();
  readonly attachments = model<readonly Attachment[]>([]);
  readonly max = input(9);
  protected readonly shown = signal<readonly Shown[]>([]);
  protected readonly uploading = signal(false);
  protected readonly failed = signal(false);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.shown().forEach((p) => URL.revokeObjectURL(p.url)));
  }

  protected add(files: FileList | null): void {
    for (const file of Array.from(files ?? []).slice(0, this.max() - this.shown().length)) {
      this.uploading.set(true);
      this.failed.set(false);
      this.api.uploadPhoto(file).subscribe({
        next: (stored) => {
          this.uploading.set(false);
          const attachment = { blobId: stored.blobId, mediaType: stored.mediaType, size: stored.size };
          this.shown.update((s) => [...s, { url: URL.createObjectURL(file), name: file.name, attachment }]);
          this.attachments.update((a) => [...a, attachment]);
        },
        error: () => {
          this.uploading.set(false);
          this.failed.set(true);
        },
      });
    }
  }

  protected remove(photo: Shown): void {
    URL.revokeObjectURL(photo.url);
    this.shown.update((s) => s.filter((p) => p !== photo));
    this.attachments.update((a) => a.filter((x) => x.blobId !== photo.attachment.blobId));
  }
}
