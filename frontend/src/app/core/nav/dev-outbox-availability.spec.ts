import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { DevOutboxAvailability } from './dev-outbox-availability';

describe('development SMS outbox availability', () => {
  let backend: HttpTestingController;
  let availability: DevOutboxAvailability;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()] });
    backend = TestBed.inject(HttpTestingController);
    availability = TestBed.inject(DevOutboxAvailability);
  });

  it.each([
    [401, 'Unauthorized', true],
    [403, 'Forbidden', true],
    [404, 'Not Found', false],
    [503, 'Service Unavailable', false],
  ])('after %i (%s) lists the outbox: %s', (status, statusText, listed) => {
    availability.check();
    const request = backend.expectOne('/api/v1/dev/sms-outbox');
    // Asked without a token: a development backend answers 401, which still says the outbox exists.
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush({ statusCode: status }, { status, statusText });
    expect(availability.available()).toBe(listed);
    backend.verify();
  });
});
