import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { TranslocoTestingModule } from '@jsverse/transloco';
import { describe, expect, it } from 'vitest';
import { FieldErrorText } from './field-error';
import { placeFieldErrors } from './server-errors';

@Component({
  selector: 'kg-host',
  imports: [FieldErrorText],
  template: `<kg-field-error [control]="form.controls.opinion" [messages]="{ required: 'review.opinionRequired' }" />`,
})
class Host {
  readonly form = new FormGroup({ opinion: new FormControl('', { nonNullable: true }) });
}

describe('field error text', () => {
  const render = async () => {
    TestBed.configureTestingModule({
      imports: [
        TranslocoTestingModule.forRoot({
          langs: { 'zh-CN': { review: { opinionRequired: '驳回时请说明原因' } } },
          translocoConfig: { defaultLang: 'zh-CN', availableLangs: ['zh-CN'] },
          preloadLangs: true,
        }),
      ],
      providers: [provideZonelessChangeDetection()],
    });
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    return fixture;
  };

  it('follows validators added after the first render, as a reject button does for its opinion', async () => {
    const fixture = await render();
    const opinion = fixture.componentInstance.form.controls.opinion;
    expect(fixture.nativeElement.textContent.trim()).toBe('');
    opinion.setValidators([Validators.required]);
    opinion.updateValueAndValidity();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent.trim()).toBe('驳回时请说明原因');
  });

  it('shows a refusal the backend put on the field after the first render', async () => {
    const fixture = await render();
    placeFieldErrors(fixture.componentInstance.form, [{ field: 'opinion', rule: 'too-rude', message: 'please keep it civil' }]);
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent.trim()).toBe('please keep it civil');
  });
});
