import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { DomSanitizer, type SafeUrl } from '@angular/platform-browser';
import { TranslocoPipe } from '@jsverse/transloco';
import { TenancyApi } from './tenancy.api';

/**
 * An uploaded document (licence, ID photo, certificate), fetched with the session's token — a plain
 * link could not carry it. Images show inline; other files open on request.
 */
@Component({
  selector: 'kg-blob-preview',
  imports: [MatButtonModule, MatIconModule, TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (url(); as src) {
      @if (isImage()) {
        <a [href]="src" target="_blank" rel="noopener"><img [src]="src" [alt]="label()" /></a>
      } @else {
        <a mat-stroked-button [href]="src" target="_blank" rel="noopener"><mat-icon>description</mat-icon>{{ label() }}</a>
      }
    } @else if (failed()) {
      <span class="failed"><mat-icon>broken_image</mat-icon>{{ 'tenancy.blob.failed' | transloco }}</span>
    } @else {
      <button mat-stroked-button type="button" (click)="open()"><mat-icon>visibility</mat-icon>{{ label() }}</button>
    }
  `,
  styles: `
    img {
      display: block;
      max-width: min(100%, 360px);
      max-height: 240px;
      border-radius: var(--mat-sys-corner-small);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .failed {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      color: var(--mat-sys-error);
    }
  `,
})
export class BlobPreview {
  private readonly api = inject(TenancyApi);
  private readonly sanitizer = inject(DomSanitizer);
  readonly blobId = input.required<string>();
  readonly mediaType = input('');
  readonly label = input.required<string>();
  protected readonly url = signal<SafeUrl | null>(null);
  protected readonly failed = signal(false);
  protected readonly isImage = () => this.mediaType().startsWith('image/');
  private objectUrl: string | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.objectUrl && URL.revokeObjectURL(this.objectUrl));
  }

  ngOnInit(): void {
    // Images are what a reviewer compares with the form: load them at once.
    if (this.isImage()) this.open();
  }

  protected open(): void {
    this.api.blob(this.blobId()).subscribe({
      next: (blob) => {
        this.objectUrl = URL.createObjectURL(blob);
        this.url.set(this.sanitizer.bypassSecurityTrustUrl(this.objectUrl));
      },
      error: () => this.failed.set(true),
    });
  }
}
