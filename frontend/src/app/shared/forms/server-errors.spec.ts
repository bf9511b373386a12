import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { describe, expect, it } from 'vitest';
import { formFailure } from './form-failure';
import { placeFieldErrors, ruleKey, serverErrorOf } from './server-errors';

const form = () =>
  new FormGroup({
    phone: new FormControl('13800138000', { nonNullable: true, validators: [Validators.required] }),
    smsCode: new FormControl('123456', { nonNullable: true }),
    recoveryCode: new FormControl('', { nonNullable: true }),
  });

describe("the backend's field errors on the form", () => {
  it('puts each error on its field and marks it touched so it shows at once', () => {
    const f = form();
    const unplaced = placeFieldErrors(f, [{ field: 'smsCode', rule: 'sms-code', message: 'the code is wrong' }]);
    expect(unplaced).toEqual([]);
    expect(serverErrorOf(f.controls.smsCode)).toEqual({ field: 'smsCode', rule: 'sms-code', message: 'the code is wrong' });
    expect(f.controls.smsCode.touched).toBe(true);
    expect(f.controls.phone.errors).toBeNull();
  });

  it('follows aliases where the backend names a field differently, and returns the errors that fit no field', () => {
    const f = form();
    const unplaced = placeFieldErrors(
      f,
      [
        { field: 'code', rule: 'one-time-code', message: 'wrong code' },
        { field: 'session', rule: 'step-up-required', message: 'confirm first' },
      ],
      { code: 'recoveryCode' },
    );
    expect(serverErrorOf(f.controls.recoveryCode)?.rule).toBe('one-time-code');
    expect(unplaced).toEqual([{ field: 'session', rule: 'step-up-required', message: 'confirm first' }]);
  });

  it('keeps client errors next to the server one, and drops the server one when the user edits', () => {
    const f = form();
    f.controls.phone.setValue('');
    placeFieldErrors(f, [{ field: 'phone', rule: 'already-registered', message: 'taken' }]);
    expect(f.controls.phone.hasError('required')).toBe(true);
    expect(f.controls.phone.hasError('server')).toBe(true);
    f.controls.phone.setValue('13900139000');
    expect(serverErrorOf(f.controls.phone)).toBeNull();
  });

  it('words known rules in the console, and leaves unknown ones to the backend message', () => {
    expect(ruleKey({ field: 'phone', rule: 'already-registered', message: '' })).toBe('forms.rules.already-registered');
    expect(ruleKey({ field: 'x', rule: 'someNewRule', message: 'as the backend says' })).toBeNull();
  });

  it('reads status, message and Retry-After of a refused submission', () => {
    const f = form();
    const error = new HttpErrorResponse({
      status: 409,
      headers: new HttpHeaders({ 'Retry-After': '90' }),
      error: {
        statusCode: 409,
        error: 'Conflict',
        message: 'taken',
        errors: [{ field: 'phone', rule: 'already-registered', message: 'taken' }],
      },
    });
    expect(formFailure(error, f)).toEqual({ status: 409, message: 'taken', unplaced: [], retryAfterSeconds: 90 });
    expect(serverErrorOf(f.controls.phone)?.rule).toBe('already-registered');
    expect(formFailure(new HttpErrorResponse({ status: 0 }), f)).toBeNull();
  });
});
