import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { AuthSession } from '../core/auth/auth-session';
import { LocaleService } from '../core/i18n/locale.service';
import { mainlandMobile } from '../identity/phone';
import { FieldErrorText } from '../shared/forms/field-error';
import { formFailure } from '../shared/forms/form-failure';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { qrOutcome, requestFormLink, type QrOutcome } from './device-logic';
import { DevicesApi } from './devices.api';
import { FAULT_TYPES, type PublicDevice } from './devices.model';

// The form's contact fields are nested in the request the backend takes.
const FIELD_ALIASES = { 'contact.name': 'name', 'contact.phone': 'phone' };

/**
 * /r/:token — where a device's QR label leads. Signed in and allowed to see the device: straight to
 * the request form for it. Otherwise, when the device's holder opened its public form: that form,
 * no account needed. Else sign in, or "not found".
 */
@Component({
  selector: 'kg-device-qr-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    RouterLink,
    TranslocoPipe,
    FieldErrorText,
    LoadingPanel,
    StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page qr">
      @switch (outcome()) {
        @case (null) {
          <kg-loading-panel [label]="'devices.qr.resolving' | transloco" />
        }
        @case ('sign-in') {
          <kg-state-panel icon="qr_code_scanner" [title]="'devices.qr.signInTitle' | transloco" [message]="'devices.qr.signInHint' | transloco">
            <a mat-flat-button routerLink="/login" [queryParams]="{ returnUrl: '/r/' + token() }">{{ 'devices.qr.signIn' | transloco }}</a>
          </kg-state-panel>
        }
        @case ('not-found') {
          <kg-state-panel tone="error" icon="search_off" [title]="'devices.qr.notFound' | transloco" [message]="'devices.qr.notFoundHint' | transloco" />
        }
        @case ('limited') {
          <kg-state-panel tone="error" icon="hourglass_top" [title]="'devices.qr.limited' | transloco" />
        }
        @case ('sent') {
          <kg-state-panel icon="check_circle" [title]="'devices.qr.sentTitle' | transloco" [message]="'devices.qr.sentHint' | transloco: { number: sentNumber() }" />
        }
        @case ('public-form') {
          @let d = publicDevice()!;
          <header>
            <h1>{{ 'devices.qr.formTitle' | transloco }}</h1>
            <p class="kg-lead">{{ 'devices.qr.formLead' | transloco }}</p>
          </header>
          <section class="kg-card" data-testid="public-device">
            <dl class="kg-facts">
              <div><dt>{{ 'devices.fields.name' | transloco }}</dt><dd>{{ d.name }}</dd></div>
              <div><dt>{{ 'devices.fields.model' | transloco }}</dt><dd>{{ d.model }}</dd></div>
              <div><dt>{{ 'devices.fields.type' | transloco }}</dt><dd>{{ typeLabel() }}</dd></div>
              <div><dt>{{ 'devices.qr.place' | transloco }}</dt><dd>{{ d.place }}</dd></div>
            </dl>
          </section>
          <form class="kg-card kg-form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
            @if (refusal()) {
              <p class="refusal" role="alert">{{ refusal() }}</p>
            }
            <mat-form-field>
              <mat-label>{{ 'devices.qr.faultType' | transloco }}</mat-label>
              <mat-select formControlName="faultType" data-testid="fault-type">
                @for (f of faultTypes; track f) {
                  <mat-option [value]="f">{{ 'devices.faultTypes.' + f | transloco }}</mat-option>
                }
              </mat-select>
              <mat-error><kg-field-error [control]="form.controls.faultType" [messages]="{ required: 'forms.required' }" /></mat-error>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'devices.qr.description' | transloco }}</mat-label>
              <textarea matInput formControlName="description" rows="4" maxlength="2000" data-testid="fault-description"></textarea>
              <mat-hint>{{ 'devices.qr.descriptionHint' | transloco }}</mat-hint>
              <mat-error><kg-field-error [control]="form.controls.description" [messages]="{ required: 'forms.required', minlength: 'devices.qr.descriptionShort' }" /></mat-error>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'devices.qr.contactName' | transloco }}</mat-label>
              <input matInput formControlName="name" maxlength="30" autocomplete="name" />
              <mat-error><kg-field-error [control]="form.controls.name" [messages]="{ required: 'forms.required' }" /></mat-error>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'devices.qr.contactPhone' | transloco }}</mat-label>
              <input matInput formControlName="phone" inputmode="tel" autocomplete="tel" maxlength="14" />
              <mat-error><kg-field-error [control]="form.controls.phone" [messages]="{ required: 'forms.required', mainlandMobile: 'forms.rules.mainlandMobile' }" /></mat-error>
            </mat-form-field>
            <div class="kg-actions">
              <button mat-flat-button type="submit" [disabled]="busy()" data-testid="submit-public-request">{{ 'devices.qr.submit' | transloco }}</button>
            </div>
          </form>
        }
      }
    </div>
  `,
  styles: `
    .qr {
      max-width: 640px;
    }
    .refusal {
      color: var(--mat-sys-error);
    }
  `,
})
export class DeviceQrPage {
  private readonly api = inject(DevicesApi);
  private readonly session = inject(AuthSession);
  private readonly router = inject(Router);
  private readonly locale = inject(LocaleService);
  readonly token = input.required<string>();
  protected readonly faultTypes = FAULT_TYPES;
  protected readonly outcome = signal<QrOutcome | 'limited' | 'sent' | null>(null);
  protected readonly publicDevice = signal<PublicDevice | null>(null);
  protected readonly typeLabel = computed(() => {
    const d = this.publicDevice();
    return d ? (this.locale.language() === 'en' ? d.typeLabel.en : d.typeLabel['zh-CN']) : '';
  });
  protected readonly busy = signal(false);
  protected readonly refusal = signal<string | null>(null);
  protected readonly sentNumber = signal('');
  protected readonly form = new FormGroup({
    faultType: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    description: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.minLength(5)] }),
    name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    phone: new FormControl('', { nonNullable: true, validators: [Validators.required, mainlandMobile] }),
  });

  async ngOnInit(): Promise<void> {
    const token = this.token();
    const signedIn = await this.session.restore();
    let visibleId: string | null = null;
    if (signedIn) visibleId = await firstValueFrom(this.api.byQrToken(token)).then((d) => d.id, () => null);
    if (signedIn && visibleId) {
      const link = requestFormLink(visibleId);
      void this.router.navigate(link.path, { queryParams: link.queryParams, replaceUrl: true });
      return;
    }
    const open = await firstValueFrom(this.api.publicDevice(token)).then(
      (d) => d,
      (e: { status?: number }) => (e.status === 429 ? 'limited' : null),
    );
    if (open === 'limited') return this.outcome.set('limited');
    this.publicDevice.set(open);
    this.outcome.set(qrOutcome(signedIn, visibleId, open !== null));
  }

  protected submit(): void {
    this.refusal.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.busy.set(true);
    this.api
      .submitPublicRequest(this.token(), { contact: { name: v.name.trim(), phone: v.phone.trim() }, faultType: v.faultType, description: v.description.trim() })
      .subscribe({
        next: (r) => {
          this.busy.set(false);
          this.sentNumber.set(r.number);
          this.outcome.set('sent');
        },
        error: (error: unknown) => {
          this.busy.set(false);
          const failure = formFailure(error, this.form, FIELD_ALIASES);
          if (failure?.status === 429) this.outcome.set('limited');
          else if (failure) this.refusal.set([failure.message, ...failure.unplaced.map((f) => `${f.field}: ${f.message}`)].filter(Boolean).join('; '));
        },
      });
  }
}
