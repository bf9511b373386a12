import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { formFailure } from '../../shared/forms/form-failure';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { BlobPreview } from '../blob-preview';
import { type ReviewDecision, ReviewDecisionForm } from '../review-decision';
import { ReviewHistory } from '../review-history';
import { StatusChip } from '../../shared/ui/status-chip';
import { TenancyApi } from '../tenancy.api';

/**
 * One application: the applicant's masks, their ID photos or certificates (each fetched with the
 * session's token by the preview), history and the reviewer's decision.
 */
@Component({
  selector: 'kg-verification-review-detail',
  imports: [
    MatButtonModule,
    MatIconModule,
    RouterLink,
    TranslocoPipe,
    LoadingPanel,
    StatePanel,
    BlobPreview,
    ReviewDecisionForm,
    ReviewHistory,
    StatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <a mat-button routerLink="/verification-reviews"><mat-icon>arrow_back</mat-icon>{{ 'verification.title' | transloco }}</a>
      @if (review.error()) {
        <kg-state-panel tone="error" icon="person_off" [title]="'common.notFoundOrFailed' | transloco">
          <button mat-flat-button (click)="review.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!review.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        @let v = review.value();
        <header class="kg-page-head">
          <div>
            <h1>{{ v.realNameMasked ?? v.applicantId }}</h1>
            <p class="kg-lead">{{ 'verification.kinds.' + v.kind | transloco }}</p>
          </div>
          <kg-status [value]="v.status" />
        </header>
        <section class="kg-card">
          <dl class="kg-facts">
            @if (v.idNumberMasked) {
              <div>
                <dt>{{ 'verification.idNumber' | transloco }}</dt>
                <dd class="kg-mono">{{ v.idNumberMasked }}</dd>
              </div>
            }
            <div>
              <dt>{{ 'verification.county' | transloco }}</dt>
              <dd class="kg-mono">{{ v.countyCode }}</dd>
            </div>
            @if (v.years != null) {
              <div>
                <dt>{{ 'verification.years' | transloco }}</dt>
                <dd>{{ v.years }}</dd>
              </div>
            }
            @if (v.skills?.length) {
              <div>
                <dt>{{ 'verification.skills' | transloco }}</dt>
                <dd>{{ v.skills!.join('、') }}</dd>
              </div>
            }
          </dl>
        </section>
        @if (v.kind === 'real-name') {
          <section class="kg-card">
            <h2><mat-icon aria-hidden="true">badge</mat-icon>{{ 'verification.photos' | transloco }}</h2>
            <div class="files">
              @for (p of v.photos ?? []; track p.blobId) {
                <kg-blob-preview [blobId]="p.blobId" [mediaType]="p.mediaType" [label]="'verification.sides.' + p.side | transloco" />
              } @empty {
                <p>{{ 'verification.noPhotos' | transloco }}</p>
              }
            </div>
          </section>
        } @else {
          <section class="kg-card">
            <h2><mat-icon aria-hidden="true">folder_open</mat-icon>{{ 'verification.materials' | transloco }}</h2>
            <div class="files">
              @for (m of v.materials ?? []; track m.blobId; let i = $index) {
                <kg-blob-preview
                  [blobId]="m.blobId"
                  [mediaType]="m.mediaType"
                  [label]="('verification.materialTypes.' + m.type | transloco) + ' ' + (i + 1)"
                />
              } @empty {
                <p>{{ 'verification.noMaterials' | transloco }}</p>
              }
            </div>
          </section>
        }
        <section class="kg-card">
          <h2><mat-icon aria-hidden="true">history</mat-icon>{{ 'review.history' | transloco }}</h2>
          <kg-review-history [steps]="v.history" />
        </section>
        @if (v.status === 'pending-review') {
          <section class="kg-card">
            <h2><mat-icon aria-hidden="true">gavel</mat-icon>{{ 'review.decide' | transloco }}</h2>
            @if (refusal()) {
              <p class="refusal" role="alert">{{ refusal() }}</p>
            }
            <kg-review-decision [busy]="busy()" (decided)="decide($event)" />
          </section>
        }
      }
    </div>
  `,
  styles: `
    .files {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
    }
    .refusal {
      color: var(--mat-sys-error);
    }
  `,
})
export class VerificationReviewDetail {
  private readonly api = inject(TenancyApi);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  readonly id = input.required<string>();
  protected readonly review = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.verificationReview(params) });
  protected readonly busy = signal(false);
  protected readonly refusal = signal<string | null>(null);

  protected decide(decision: ReviewDecision): void {
    this.busy.set(true);
    this.refusal.set(null);
    const call =
      decision.verdict === 'approve'
        ? this.api.approveVerification(this.id(), decision.opinion)
        : this.api.rejectVerification(this.id(), decision.opinion);
    call.subscribe({
      next: () => {
        this.busy.set(false);
        this.snackBar.open(this.transloco.translate(`review.done.${decision.verdict}`), undefined, { duration: 4000 });
        void this.router.navigate(['/verification-reviews']);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const failure = formFailure(error, null);
        if (failure) this.refusal.set([failure.message, ...failure.unplaced.map((f) => f.message)].filter(Boolean).join('; '));
      },
    });
  }
}
