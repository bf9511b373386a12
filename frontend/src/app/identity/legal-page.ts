import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { toSignal } from '@angular/core/rxjs-interop';
import { startWith, switchMap } from 'rxjs';

/** 服务条款 / 隐私政策: the documents registration asks consent to; the text lives in the translations. */
@Component({
  selector: 'kg-legal-page',
  imports: [TranslocoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <article class="card">
      <h1>{{ 'legal.' + document() + '.title' | transloco }}</h1>
      <p class="version">{{ 'legal.version' | transloco }}</p>
      @for (section of sections(); track $index) {
        <h2>{{ section.heading }}</h2>
        <p>{{ section.body }}</p>
      }
    </article>
  `,
  styles: `
    :host {
      display: block;
      padding: 32px 16px 48px;
    }
    .card {
      max-width: 760px;
      margin: 0 auto;
      padding: 28px;
      border-radius: var(--mat-sys-corner-large);
      background: var(--mat-sys-surface-container-lowest);
      border: 1px solid var(--mat-sys-outline-variant);
      line-height: 1.7;
    }
    h1 {
      margin: 0;
      font: var(--mat-sys-headline-small);
    }
    .version {
      color: var(--mat-sys-on-surface-variant);
    }
    h2 {
      margin: 20px 0 4px;
      font: var(--mat-sys-title-medium);
    }
    p {
      margin: 0;
    }
  `,
})
export class LegalPage {
  private readonly transloco = inject(TranslocoService);
  /** From the route data: which document. */
  readonly document = input.required<'terms' | 'privacy'>();
  private readonly translation = toSignal(
    this.transloco.langChanges$.pipe(
      startWith(this.transloco.getActiveLang()),
      switchMap((l) => this.transloco.selectTranslation(l)),
    ),
  );
  protected readonly sections = computed(() => {
    this.translation();
    return this.transloco.translateObject<{ heading: string; body: string }[]>(`legal.${this.document()}.sections`) ?? [];
  });
}
