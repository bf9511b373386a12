import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestProblem } from './api-error';
import { errorNoticeInterceptor } from './error-notice.interceptor';
import { ErrorNotifier } from './error-notifier';
import { HttpActivity } from './http-activity';
import { progressInterceptor } from './progress.interceptor';
import { requestContext } from './request-context';

describe('HTTP interceptors', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let notices: RequestProblem[];

  beforeEach(() => {
    notices = [];
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(withInterceptors([progressInterceptor, errorNoticeInterceptor])),
        provideHttpClientTesting(),
        { provide: ErrorNotifier, useValue: { notify: vi.fn((p: RequestProblem) => notices.push(p)) } },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  it('announces a failed request with what the backend said, and still fails it for the caller', async () => {
    const result = firstValueFrom(http.get('/api/things'));
    backend
      .expectOne('/api/things')
      .flush({ statusCode: 404, error: 'Not Found', message: 'No such thing', requestId: 'r1' }, { status: 404, statusText: 'Not Found' });
    await expect(result).rejects.toMatchObject({ status: 404 });
    expect(notices).toEqual([{ kind: 'rejected', status: 404, message: 'No such thing', fields: [], requestId: 'r1' }]);
  });

  it('stays quiet for statuses the caller handles itself', async () => {
    const result = firstValueFrom(http.get('/ready', { context: requestContext({ handledErrorStatuses: [503] }) }));
    backend.expectOne('/ready').flush({ waitingFor: ['read models'] }, { status: 503, statusText: 'Service Unavailable' });
    await expect(result).rejects.toMatchObject({ status: 503 });
    expect(notices).toEqual([]);
  });

  it('shows progress while a foreground request is in flight, but not for background ones', async () => {
    const activity = TestBed.inject(HttpActivity);
    const foreground = firstValueFrom(http.get('/a'));
    expect(activity.busy()).toBe(true);
    backend.expectOne('/a').flush({});
    await foreground;
    expect(activity.busy()).toBe(false);

    const background = firstValueFrom(http.get('/b', { context: requestContext({ background: true }) }));
    expect(activity.busy()).toBe(false);
    backend.expectOne('/b').flush({});
    await background;
  });

  it('counts a cancelled request as finished', () => {
    const activity = TestBed.inject(HttpActivity);
    const subscription = http.get('/slow').subscribe();
    expect(activity.busy()).toBe(true);
    subscription.unsubscribe();
    expect(activity.busy()).toBe(false);
  });
});
