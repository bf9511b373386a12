import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideNativeDateAdapter } from '@angular/material/core';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { TranslocoTestingModule } from '@jsverse/transloco';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import zh from '../../../../public/i18n/zh-CN.json';
import { TranslatedPaginatorIntl } from '../../core/i18n/translated-paginator-intl';
import { EnterpriseReviewQueue } from './enterprise-review-queue';

const row = (n: number) => ({
  id: `e${n}`,
  type: 'manufacturer',
  name: `企业${n}`,
  uscc: '91440300708461136T',
  status: 'pending-review',
  registeredAt: '2026-12-01T08:00:00Z',
});

describe('enterprise review queue', () => {
  let backend: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [
        TranslocoTestingModule.forRoot({ langs: { 'zh-CN': zh }, translocoConfig: { defaultLang: 'zh-CN', availableLangs: ['zh-CN'] } }),
      ],
      providers: [
        provideZonelessChangeDetection(),
        provideNativeDateAdapter(),
        { provide: MatPaginatorIntl, useClass: TranslatedPaginatorIntl },
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'enterprises/review', component: EnterpriseReviewQueue }], withComponentInputBinding()),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => backend.verify());

  const settled = async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve));
  };
  const listRequest = () => backend.expectOne((r) => r.url === '/api/v1/enterprises');

  it('asks the server for the page and filters in the address, and shows what it answers', async () => {
    await harness.navigateByUrl('/enterprises/review?type=manufacturer&page=2&pageSize=10');
    const request = listRequest();
    expect(request.request.params.toString()).toBe('status=pending-review&type=manufacturer&page=2&pageSize=10');
    request.flush({ items: [row(11), row(12)], total: 12, page: 2, pageSize: 10 });
    await harness.fixture.whenStable();
    const text = harness.routeNativeElement!.textContent!;
    expect(text).toContain('企业11');
    expect(text).toContain('第 11 – 12 条，共 12 条');
  });

  it('writes a paginator move into the address, which reloads that page', async () => {
    await harness.navigateByUrl('/enterprises/review');
    listRequest().flush({ items: Array.from({ length: 20 }, (_, i) => row(i)), total: 45, page: 1, pageSize: 20 });
    await harness.fixture.whenStable();
    (harness.routeNativeElement!.querySelector('button.mat-mdc-paginator-navigation-next') as HTMLButtonElement).click();
    // The navigation settles while the next page's request is open: wait for the address, not for stability.
    await settled();
    expect(TestBed.inject(Router).url).toBe('/enterprises/review?page=2&pageSize=20');
    const next = listRequest();
    expect(next.request.params.get('page')).toBe('2');
    next.flush({ items: [row(20)], total: 45, page: 2, pageSize: 20 });
  });

  it('says so when nothing matches, and offers a retry when the list cannot be read', async () => {
    await harness.navigateByUrl('/enterprises/review?status=rejected');
    listRequest().flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await harness.fixture.whenStable();
    expect(harness.routeNativeElement!.textContent).toContain('没有符合条件的企业');

    await harness.navigateByUrl('/enterprises/review?status=approved');
    listRequest().flush({ statusCode: 500, message: 'down' }, { status: 500, statusText: 'Server Error' });
    await harness.fixture.whenStable();
    const retry = [...harness.routeNativeElement!.querySelectorAll('button')].find((b) => b.textContent?.includes('重试'));
    expect(retry).toBeDefined();
    retry!.click();
    await settled();
    listRequest().flush({ items: [row(1)], total: 1, page: 1, pageSize: 20 });
    await harness.fixture.whenStable();
    expect(harness.routeNativeElement!.textContent).toContain('企业1');
  });
});
