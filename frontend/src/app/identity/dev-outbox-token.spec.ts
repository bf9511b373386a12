import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { beforeEach, describe, expect, it } from 'vitest';
import { DevOutboxToken } from './dev-outbox-token';
import { IdentityApi } from './identity.api';

describe('development SMS outbox token', () => {
  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()] });
  });

  it('keeps the pasted token for the tab session and forgets it on request', () => {
    const token = TestBed.inject(DevOutboxToken);
    expect(token.value()).toBeNull();
    token.set('a'.repeat(43));
    expect(sessionStorage.getItem('kuaige.devOutboxToken')).toBe('a'.repeat(43));
    token.forget();
    expect(token.value()).toBeNull();
    expect(sessionStorage.getItem('kuaige.devOutboxToken')).toBeNull();
  });

  it('is sent as the bearer of the outbox request', async () => {
    const answer = firstValueFrom(TestBed.inject(IdentityApi).smsOutbox('b'.repeat(43), true));
    const request = TestBed.inject(HttpTestingController).expectOne('/api/v1/dev/sms-outbox');
    expect(request.request.headers.get('Authorization')).toBe(`Bearer ${'b'.repeat(43)}`);
    request.flush({ messages: [{ to: '138****5678', text: '验证码 123456', sentAt: '2026-12-01T08:00:00.000Z' }] });
    expect(await answer).toEqual([{ to: '138****5678', text: '验证码 123456', sentAt: '2026-12-01T08:00:00.000Z' }]);
  });
});
