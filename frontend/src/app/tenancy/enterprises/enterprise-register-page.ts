import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { LocaleService } from '../../core/i18n/locale.service';
import { formatBytes } from '../../shared/format/bytes';
import { FieldErrorText } from '../../shared/forms/field-error';
import { formFailure } from '../../shared/forms/form-failure';
import { StatePanel } from '../../shared/ui/state-panel';
import { ActiveContext } from '../../core/context/active-context';
import { DivisionPicker } from '../division-picker';
import { TenancyApi } from '../tenancy.api';
import { ENTERPRISE_TYPES, type EnterpriseType, type StoredBlob } from '../tenancy.model';
import { usccValidator } from '../uscc';

const LICENCE_TYPES = ['image/jpeg', 'image/png', 'application/pdf'];
const LICENCE_MAX_BYTES = 10 * 1024 * 1024;
// Where the backend names a nested field, the form has a flat control.
const FIELD_ALIASES = { 'address.countyCode': 'countyCode', 'address.line': 'detail', 'licence.blobId': 'licence', licence: 'licence' };

/** 企业入驻: registers an enterprise (licence uploaded first), to be reviewed by its county's operator. */
@Component({
  selector: 'kg-enterprise-register-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    RouterLink,
    TranslocoPipe,
    FieldErrorText,
    StatePanel,
    DivisionPicker,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header>
        <h1>{{ 'enterprises.register.title' | transloco }}</h1>
        <p class="kg-lead">{{ 'enterprises.register.lead' | transloco }}</p>
      </header>
      @if (submitted()) {
        <kg-state-panel
          icon="hourglass_top"
          [title]="'enterprises.register.submitted' | transloco"
          [message]="'enterprises.register.submittedHint' | transloco"
        >
          <a mat-flat-button routerLink="/account/profile">{{ 'common.done' | transloco }}</a>
        </kg-state-panel>
      } @else {
        <form class="kg-card kg-form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
          @if (refusal()) {
            <p class="refusal" role="alert">{{ refusal() }}</p>
          }
          <mat-form-field>
            <mat-label>{{ 'enterprises.fields.type' | transloco }}</mat-label>
            <mat-select formControlName="type" data-testid="enterprise-type">
              @for (t of types; track t) {
                <mat-option [value]="t">{{ 'enterprises.types.' + t | transloco }}</mat-option>
              }
            </mat-select>
            <mat-error><kg-field-error [control]="form.controls.type" [messages]="{ required: 'forms.required' }" /></mat-error>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'enterprises.fields.name' | transloco }}</mat-label>
            <input matInput formControlName="name" maxlength="100" autocomplete="organization" />
            <mat-error><kg-field-error [control]="form.controls.name" [messages]="{ required: 'forms.required' }" /></mat-error>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'enterprises.fields.uscc' | transloco }}</mat-label>
            <input matInput formControlName="uscc" maxlength="18" class="kg-mono" autocapitalize="characters" spellcheck="false" />
            <mat-hint>{{ 'enterprises.register.usccHint' | transloco }}</mat-hint>
            <mat-error>
              <kg-field-error
                [control]="form.controls.uscc"
                [messages]="{
                  required: 'forms.required',
                  uscc: 'enterprises.register.usccInvalid.' + (form.controls.uscc.errors?.['uscc'] ?? 'length'),
                }"
              />
            </mat-error>
          </mat-form-field>
          <kg-division-picker [control]="form.controls.countyCode" />
          <mat-form-field>
            <mat-label>{{ 'enterprises.fields.addressDetail' | transloco }}</mat-label>
            <input matInput formControlName="detail" maxlength="200" autocomplete="street-address" />
            <mat-error><kg-field-error [control]="form.controls.detail" [messages]="{ required: 'forms.required' }" /></mat-error>
          </mat-form-field>
          <div class="licence">
            <span class="label">{{ 'enterprises.fields.licence' | transloco }}</span>
            <input
              #file
              type="file"
              hidden
              [accept]="licenceTypes"
              (change)="pick(file.files?.[0] ?? null); file.value = ''"
              data-testid="licence-file"
            />
            <button mat-stroked-button type="button" (click)="file.click()" [disabled]="uploading()">
              <mat-icon>upload_file</mat-icon
              >{{ (licence() ? 'enterprises.register.replaceLicence' : 'enterprises.register.chooseLicence') | transloco }}
            </button>
            @if (uploading()) {
              <span>{{ 'enterprises.register.uploading' | transloco }}</span>
            } @else if (licence(); as l) {
              <span class="ok"><mat-icon>check_circle</mat-icon>{{ licenceName() }} · {{ size(l.size) }}</span>
            }
            @if (licenceError()) {
              <span class="refusal" role="alert">{{ licenceError()! | transloco }}</span>
            }
          </div>
          @if (parent()) {
            <mat-checkbox formControlName="branch">{{
              'enterprises.register.branchOf' | transloco: { name: parent()!.name }
            }}</mat-checkbox>
          }
          <div class="kg-actions submit">
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="register-enterprise">
              {{ 'enterprises.register.submit' | transloco }}
            </button>
          </div>
        </form>
      }
    </div>
  `,
  styles: `
    .licence {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
      margin-bottom: 16px;
    }
    .label {
      width: 100%;
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .ok {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      color: var(--kg-ok);
      overflow-wrap: anywhere;
    }
    .refusal {
      color: var(--mat-sys-error);
    }
    .submit {
      margin-top: 8px;
    }
  `,
})
export class EnterpriseRegisterPage {
  private readonly api = inject(TenancyApi);
  private readonly context = inject(ActiveContext);
  protected readonly types = ENTERPRISE_TYPES;
  protected readonly licenceTypes = LICENCE_TYPES.join(',');
  private readonly locale = inject(LocaleService);
  protected readonly size = (bytes: number) => formatBytes(bytes, this.locale.language());
  protected readonly form = new FormGroup({
    type: new FormControl<EnterpriseType | ''>('', { nonNullable: true, validators: [Validators.required] }),
    name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    uscc: new FormControl('', { nonNullable: true, validators: [Validators.required, usccValidator] }),
    countyCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    detail: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    licence: new FormControl('', { nonNullable: true }),
    branch: new FormControl(false, { nonNullable: true }),
  });
  protected readonly licence = signal<StoredBlob | null>(null);
  protected readonly licenceName = signal('');
  protected readonly licenceError = signal<string | null>(null);
  protected readonly uploading = signal(false);
  protected readonly busy = signal(false);
  protected readonly submitted = signal(false);
  protected readonly refusal = signal<string | null>(null);
  /** A branch can be registered under the enterprise the user acts for. */
  protected readonly parent = computed(() => {
    const active = this.context.active();
    return active?.kind === 'enterprise' ? active : null;
  });

  protected pick(file: File | null): void {
    if (!file) return;
    this.licenceError.set(null);
    if (!LICENCE_TYPES.includes(file.type)) return this.licenceError.set('enterprises.register.licenceType');
    if (file.size > LICENCE_MAX_BYTES) return this.licenceError.set('enterprises.register.licenceSize');
    this.uploading.set(true);
    this.api.uploadBlob(file).subscribe({
      next: (blob) => {
        this.uploading.set(false);
        this.licence.set(blob);
        this.licenceName.set(file.name);
        this.form.controls.licence.setValue(blob.blobId);
      },
      error: () => {
        this.uploading.set(false);
        this.licenceError.set('enterprises.register.licenceFailed');
      },
    });
  }

  protected submit(): void {
    this.refusal.set(null);
    const licence = this.licence();
    if (!licence) this.licenceError.set('enterprises.register.licenceMissing');
    if (this.form.invalid || !licence) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const parent = this.parent();
    this.busy.set(true);
    this.api
      .registerEnterprise({
        type: v.type as EnterpriseType,
        name: v.name.trim(),
        uscc: v.uscc.trim().toUpperCase(),
        address: { countyCode: v.countyCode, line: v.detail.trim() },
        licence: { blobId: licence.blobId, mediaType: licence.mediaType, size: licence.size },
        ...(v.branch && parent ? { parentEnterpriseId: parent.id } : {}),
      })
      .subscribe({
        next: () => {
          this.busy.set(false);
          this.submitted.set(true);
        },
        error: (error: unknown) => {
          this.busy.set(false);
          const failure = formFailure(error, this.form, FIELD_ALIASES);
          if (failure)
            this.refusal.set([failure.message, ...failure.unplaced.map((f) => `${f.field}: ${f.message}`)].filter(Boolean).join('; '));
        },
      });
  }
}
