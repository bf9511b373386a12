import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNativeDateAdapter } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { TranslocoTestingModule } from '@jsverse/transloco';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthSession } from '../../core/auth/auth-session';
import { authInterceptor } from '../../core/auth/auth.interceptor';
import type { Verification } from '../tenancy.model';
import { VerificationReviewDetail } from './verification-review-detail';

const token = `h.${btoa(JSON.stringify({ sub: 'reviewer', exp: Math.floor(Date.now() / 1000) + 900 })).replace(/=+$/, '')}.sig`;
const application = (overrides: Partial<Verification>): Verification => ({
  id: 'real-name-u1',
  kind: 'real-name',
  applicantId: 'u1',
  realNameMasked: '李*',
  idNumberMasked: '110105********002X',
  countyCode: '440305',
  status: 'pending-review',
  submittedAt: '2026-12-01T08:00:00.000Z',
  history: [{ action: 'submitted', at: '2026-12-01T08:00:00.000Z', reviewerNodeId: null, opinion: null }],
  ...overrides,
});

describe('verification review detail', () => {
  let backend: HttpTestingController;
  const objectUrls: Blob[] = [];
  const { createObjectURL, revokeObjectURL } = URL;

  beforeEach(async () => {
    sessionStorage.clear();
    objectUrls.length = 0;
    // jsdom has no object URLs: record what the page turns into one.
    URL.createObjectURL = vi.fn((blob: Blob) => `blob:test/${objectUrls.push(blob)}`);
    URL.revokeObjectURL = vi.fn();
    TestBed.configureTestingModule({
      imports: [TranslocoTestingModule.forRoot({ langs: { en: {} }, translocoConfig: { availableLangs: ['en'], defaultLang: 'en' } })],
      providers: [
        provideZonelessChangeDetection(),
        provideNativeDateAdapter(),
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    const signedIn = TestBed.inject(AuthSession).establish({
      accessToken: token,
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: 'r1',
      session: { id: 's1', startedAt: '', absoluteExpiresAt: '', idleTimeoutSeconds: 900 },
    });
    backend.expectOne('/api/v1/me').flush({ displayName: 'Ada', phone: '138****5678' });
    await signedIn;
  });

  afterEach(() => {
    backend.verify();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
  });

  // Not whenStable: an open request keeps the page unstable, and the page is looked at while files load.
  const settle = async (fixture: ComponentFixture<unknown>) => {
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
  };
  const open = async (row: Verification) => {
    const fixture = TestBed.createComponent(VerificationReviewDetail);
    fixture.componentRef.setInput('id', row.id);
    await settle(fixture);
    backend.expectOne(`/api/v1/verification-reviews/${row.id}`).flush(row);
    await settle(fixture);
    return fixture;
  };

  it('shows both ID photos, fetched as blobs with the session token', async () => {
    const fixture = await open(
      application({
        photos: [
          { side: 'front', blobId: 'f'.repeat(64), mediaType: 'image/jpeg', size: 300 },
          { side: 'back', blobId: 'b'.repeat(64), mediaType: 'image/png', size: 280 },
        ],
      }),
    );
    const requests = backend.match((r) => r.url.startsWith('/api/v1/blobs/'));
    expect(requests.map((r) => r.request.url)).toEqual([`/api/v1/blobs/${'f'.repeat(64)}`, `/api/v1/blobs/${'b'.repeat(64)}`]);
    for (const r of requests) {
      expect(r.request.method).toBe('GET');
      expect(r.request.responseType).toBe('blob');
      expect(r.request.headers.get('Authorization')).toBe(`Bearer ${token}`);
    }
    requests[0]!.flush(new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' }));
    requests[1]!.flush(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }));
    await settle(fixture);

    const images = [...(fixture.nativeElement as HTMLElement).querySelectorAll('img')];
    expect(images.map((img) => img.getAttribute('src'))).toEqual(['blob:test/1', 'blob:test/2']);
    expect(images.map((img) => img.getAttribute('alt'))).toEqual(['verification.sides.front', 'verification.sides.back']);
    expect(objectUrls.map((b) => b.type)).toEqual(['image/jpeg', 'image/png']);
    // The decision form is offered while the application waits for review.
    expect((fixture.nativeElement as HTMLElement).querySelector('kg-review-decision')).not.toBeNull();
  });

  it('lists the certificates of a certification; a PDF is fetched when opened', async () => {
    const fixture = await open(
      application({
        id: 'engineer-u1',
        kind: 'engineer',
        realNameMasked: undefined,
        idNumberMasked: undefined,
        materials: [
          { type: 'qualification', blobId: 'c'.repeat(64), mediaType: 'application/pdf', size: 900 },
          { type: 'education', blobId: 'e'.repeat(64), mediaType: 'image/png', size: 400 },
        ],
        skills: ['电梯维保'],
        years: 5,
      }),
    );
    // The image loads at once; the PDF waits for the reviewer to open it.
    const image = backend.expectOne(`/api/v1/blobs/${'e'.repeat(64)}`);
    expect(image.request.headers.get('Authorization')).toBe(`Bearer ${token}`);
    image.flush(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }));
    await settle(fixture);
    const page = fixture.nativeElement as HTMLElement;
    expect(page.querySelector('img')?.getAttribute('src')).toBe('blob:test/1');

    const openPdf = [...page.querySelectorAll('button')].find((b) => b.textContent?.includes('verification.materialTypes.qualification 1'));
    expect(openPdf).toBeDefined();
    openPdf!.click();
    const pdf = backend.expectOne(`/api/v1/blobs/${'c'.repeat(64)}`);
    expect(pdf.request.headers.get('Authorization')).toBe(`Bearer ${token}`);
    pdf.flush(new Blob(['%PDF-1.4'], { type: 'application/pdf' }));
    await settle(fixture);
    const link = [...page.querySelectorAll('a')].find((a) => a.getAttribute('href') === 'blob:test/2');
    expect(link?.textContent).toContain('verification.materialTypes.qualification 1');
  });

  it('says so when a file cannot be fetched', async () => {
    const fixture = await open(application({ photos: [{ side: 'front', blobId: 'f'.repeat(64), mediaType: 'image/jpeg', size: 300 }] }));
    backend.expectOne(`/api/v1/blobs/${'f'.repeat(64)}`).flush(new Blob(['{"statusCode":404}'], { type: 'application/json' }), { status: 404, statusText: 'Not Found' });
    await settle(fixture);
    const page = fixture.nativeElement as HTMLElement;
    expect(page.querySelector('img')).toBeNull();
    expect(page.textContent).toContain('tenancy.blob.failed');
  });
});
