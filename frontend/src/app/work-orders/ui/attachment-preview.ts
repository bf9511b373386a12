import { ChangeDetectionStrategy, Component, DestroyRef, type OnInit, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { DomSanitizer, type SafeUrl } from '@angular/platform-browser';
import { TranslocoPipe } from '@jsverse/transloco';
import { RestClient } from '../../core/api/rest-client';

/**
 * A photo of the order (fault, record, receipt), fetched with the session's token — a plain link
 * could not carry it — and shown as a thumbnail that opens the full picture.
 */
@Component({
  selector: 'kg-attachment-preview',
  imports: [MatButtonModule, MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (url(); as src) {
      <a [href]="src" target="_blank" rel="noopener"><img [src]="src" [alt]="label()" /></a>
    } @else if (failed()) {
      <span class="failed"><mat-icon aria-hidden="true">broken_image</mat-icon>{{ 'workOrders.photos.unavailable' | transloco }}</span>
    } @else {
      <span class="placeholder" [attr.aria-label]="label()"><mat-icon aria-hidden="true">image</mat-icon></span>
    }
  `,
  styles: `
    img,
    .placeholder {
      display: grid;
      place-items: center;
      width: 120px;
      height: 120px;
      object-fit: cover;
      border-radius: var(--mat-sys-corner-small);
      border: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface-container);
    }
    .failed {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      color: var(--mat-sys-error);
    }
  `,
})
export class AttachmentPreview implements OnInit {
  private readonly rest = inject(RestClient);
  private readonly sanitizer = inject(DomSanitizer);
  readonly blobId = input.required<string>();
  readonly mediaType = input('');
  readonly label = input.required<string>();
  protected readonly url = signal<SafeUrl | null>(null);
  protected readonly failed = signal(false);
  private objectUrl: string | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.objectUrl && URL.revokeObjectURL(this.objectUrl));
  }

  ngOnInit(): void {
    this.rest.getBlob(`/api/v1/blobs/${encodeURIComponent(this.blobId())}`, { handledErrorStatuses: [403, 404] }).subscribe({
      next: (blob) => {
        this.objectUrl = URL.createObjectURL(blob);
        this.url.set(this.sanitizer.bypassSecurityTrustUrl(this.objectUrl));
      },
      error: () => this.failed.set(true),
    });
  }
}
