import { Injectable, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { TranslocoService } from '@jsverse/transloco';
import { switchMap } from 'rxjs';

/** Route titles are translation keys; the tab title follows the language, e.g. "平台状态 · 快鸽服务云". */
@Injectable()
export class TranslatedTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly transloco = inject(TranslocoService);
  private key: string | undefined;

  constructor() {
    super();
    this.transloco.langChanges$.pipe(switchMap((lang) => this.transloco.selectTranslation(lang))).subscribe(() => this.apply());
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.key = this.buildTitle(snapshot);
    this.apply();
  }

  private apply(): void {
    const product = this.transloco.translate('app.productName');
    this.title.setTitle(this.key ? `${this.transloco.translate(this.key)} · ${product}` : product);
  }
}
