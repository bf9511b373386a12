import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { FieldErrorText } from '../shared/forms/field-error';
import { formFailure } from '../shared/forms/form-failure';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { BlobPreview } from '../tenancy/blob-preview';
import { DivisionPicker } from '../tenancy/division-picker';
import { FileUploads } from '../tenancy/file-uploads';
import type { StoredBlob } from '../tenancy/tenancy.model';
import { formValueOf, submissionOf } from './device-logic';
import { DevicesApi } from './devices.api';
import { DEVICE_TYPES, type Device, type DeviceImage } from './devices.model';

// The backend names nested fields; the form has flat controls for them.
const FIELD_ALIASES = { 'coordinates.lat': 'lat', 'coordinates.lng': 'lng', coordinates: 'lat' };
const NUMBER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const parameterRow = (p: { name: string; value: string; unit: string } = { name: '', value: '', unit: '' }) =>
  new FormGroup({
    name: new FormControl(p.name, { nonNullable: true, validators: [Validators.maxLength(40)] }),
    value: new FormControl(p.value, { nonNullable: true, validators: [Validators.maxLength(100)] }),
    unit: new FormControl(p.unit, { nonNullable: true, validators: [Validators.maxLength(20)] }),
  });

/** 登记设备 / 编辑设备: the device's facts, parameters, location, photos and public form switch. */
@Component({
  selector: 'kg-device-form-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
    RouterLink,
    TranslocoPipe,
    FieldErrorText,
    LoadingPanel,
    StatePanel,
    DivisionPicker,
    FileUploads,
    BlobPreview,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <a mat-button [routerLink]="id() ? ['/devices', id()] : ['/devices']"><mat-icon>arrow_back</mat-icon>{{ 'devices.back' | transloco }}</a>
      <header>
        <h1>{{ (id() ? 'devices.form.editTitle' : 'devices.form.registerTitle') | transloco }}</h1>
        <p class="kg-lead">{{ (id() ? 'devices.form.editLead' : 'devices.form.registerLead') | transloco }}</p>
      </header>
      @if (id() && existing.error()) {
        <kg-state-panel tone="error" icon="search_off" [title]="'devices.notFound' | transloco" />
      } @else if (id() && !existing.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        <form class="kg-card kg-form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
          @if (refusal()) {
            <p class="refusal" role="alert">{{ refusal() }}</p>
          }
          @if (!id()) {
            <mat-form-field>
              <mat-label>{{ 'devices.fields.number' | transloco }}</mat-label>
              <input matInput formControlName="number" maxlength="64" class="kg-mono" spellcheck="false" data-testid="device-number" />
              <mat-hint>{{ 'devices.form.numberHint' | transloco }}</mat-hint>
              <mat-error><kg-field-error [control]="form.controls.number" [messages]="{ required: 'forms.required', pattern: 'devices.form.numberPattern' }" /></mat-error>
            </mat-form-field>
          }
          <mat-form-field>
            <mat-label>{{ 'devices.fields.name' | transloco }}</mat-label>
            <input matInput formControlName="name" maxlength="100" data-testid="device-name-input" />
            <mat-error><kg-field-error [control]="form.controls.name" [messages]="{ required: 'forms.required', maxlength: 'forms.tooLong' }" /></mat-error>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'devices.fields.model' | transloco }}</mat-label>
            <input matInput formControlName="model" maxlength="100" data-testid="device-model" />
            <mat-error><kg-field-error [control]="form.controls.model" [messages]="{ required: 'forms.required' }" /></mat-error>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'devices.fields.type' | transloco }}</mat-label>
            <mat-select formControlName="type" data-testid="device-type">
              @for (t of types; track t) {
                <mat-option [value]="t">{{ 'devices.types.' + t | transloco }}</mat-option>
              }
            </mat-select>
            <mat-error><kg-field-error [control]="form.controls.type" [messages]="{ required: 'forms.required' }" /></mat-error>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'devices.fields.spec' | transloco }}</mat-label>
            <textarea matInput formControlName="spec" rows="2" maxlength="1000"></textarea>
            <mat-error><kg-field-error [control]="form.controls.spec" [messages]="{ maxlength: 'forms.tooLong' }" /></mat-error>
          </mat-form-field>

          <fieldset class="parameters">
            <legend>{{ 'devices.fields.parameters' | transloco }}</legend>
            @for (row of parameters.controls; track row; let i = $index) {
              <div class="parameter" [formGroup]="row">
                <mat-form-field>
                  <mat-label>{{ 'devices.form.parameterName' | transloco }}</mat-label>
                  <input matInput formControlName="name" maxlength="40" />
                </mat-form-field>
                <mat-form-field>
                  <mat-label>{{ 'devices.form.parameterValue' | transloco }}</mat-label>
                  <input matInput formControlName="value" maxlength="100" />
                </mat-form-field>
                <mat-form-field class="unit">
                  <mat-label>{{ 'devices.form.parameterUnit' | transloco }}</mat-label>
                  <input matInput formControlName="unit" maxlength="20" />
                </mat-form-field>
                <button mat-icon-button type="button" (click)="parameters.removeAt(i)" [attr.aria-label]="'devices.form.removeParameter' | transloco">
                  <mat-icon>delete</mat-icon>
                </button>
              </div>
            }
            <button mat-stroked-button type="button" (click)="parameters.push(newRow())" [disabled]="parameters.length >= 50"><mat-icon>add</mat-icon>{{ 'devices.form.addParameter' | transloco }}</button>
          </fieldset>

          <mat-form-field>
            <mat-label>{{ 'devices.fields.project' | transloco }}</mat-label>
            <input matInput formControlName="project" maxlength="100" />
          </mat-form-field>
          <div class="row">
            <mat-form-field>
              <mat-label>{{ 'devices.fields.manufacturedOn' | transloco }}</mat-label>
              <input matInput type="date" formControlName="manufacturedOn" data-testid="device-manufactured" />
              <mat-error><kg-field-error [control]="form.controls.manufacturedOn" [messages]="{ pattern: 'devices.form.dateFormat' }" /></mat-error>
            </mat-form-field>
            @if (!id()) {
              <mat-form-field>
                <mat-label>{{ 'devices.form.boughtOn' | transloco }}</mat-label>
                <input matInput type="date" formControlName="soldOn" />
                <mat-hint>{{ 'devices.form.boughtOnHint' | transloco }}</mat-hint>
                <mat-error><kg-field-error [control]="form.controls.soldOn" [messages]="{ pattern: 'devices.form.dateFormat' }" /></mat-error>
              </mat-form-field>
            }
            <mat-form-field>
              <mat-label>{{ 'devices.fields.warrantyMonths' | transloco }}</mat-label>
              <input matInput type="number" formControlName="warrantyMonths" min="0" max="120" step="1" data-testid="device-warranty" />
              <mat-hint>{{ 'devices.form.warrantyHint' | transloco }}</mat-hint>
              <mat-error>
                <kg-field-error [control]="form.controls.warrantyMonths" [messages]="{ required: 'forms.required', min: 'devices.form.warrantyRange', max: 'devices.form.warrantyRange', pattern: 'devices.form.warrantyRange' }" />
              </mat-error>
            </mat-form-field>
          </div>

          @if (id() && form.controls.countyCode.value) {
            <p class="sub">{{ 'devices.form.currentCounty' | transloco: { code: form.controls.countyCode.value } }}</p>
          }
          <kg-division-picker [control]="form.controls.countyCode" />
          <mat-form-field>
            <mat-label>{{ 'devices.fields.address' | transloco }}</mat-label>
            <input matInput formControlName="address" maxlength="200" data-testid="device-address" />
            <mat-error><kg-field-error [control]="form.controls.address" [messages]="{ required: 'forms.required' }" /></mat-error>
          </mat-form-field>
          <div class="row">
            <mat-form-field>
              <mat-label>{{ 'devices.form.lat' | transloco }}</mat-label>
              <input matInput type="number" formControlName="lat" step="0.000001" />
              <mat-error><kg-field-error [control]="form.controls.lat" [messages]="{ min: 'devices.form.latRange', max: 'devices.form.latRange' }" /></mat-error>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'devices.form.lng' | transloco }}</mat-label>
              <input matInput type="number" formControlName="lng" step="0.000001" />
              <mat-error><kg-field-error [control]="form.controls.lng" [messages]="{ min: 'devices.form.lngRange', max: 'devices.form.lngRange' }" /></mat-error>
            </mat-form-field>
          </div>

          @if (kept().length) {
            <div class="images">
              @for (i of kept(); track i.blobId; let n = $index) {
                <div class="kept">
                  <kg-blob-preview [blobId]="i.blobId" [mediaType]="i.mediaType" [label]="'devices.imageN' | transloco: { n: n + 1 }" />
                  <button mat-button type="button" (click)="removeKept(i)"><mat-icon>close</mat-icon>{{ 'devices.form.removeImage' | transloco }}</button>
                </div>
              }
            </div>
          }
          <kg-file-uploads [label]="'devices.fields.images' | transloco" [(files)]="uploaded" [max]="9 - kept().length" accept="image/jpeg,image/png" />

          <mat-slide-toggle formControlName="publicRequests">{{ 'devices.publicRequests' | transloco }}</mat-slide-toggle>
          <p class="sub">{{ 'devices.form.publicHint' | transloco }}</p>

          <div class="kg-actions submit">
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="save-device">{{ (id() ? 'common.save' : 'devices.register') | transloco }}</button>
            <a mat-button [routerLink]="id() ? ['/devices', id()] : ['/devices']">{{ 'common.cancel' | transloco }}</a>
          </div>
        </form>
      }
    </div>
  `,
  styles: `
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
    }
    .row mat-form-field {
      flex: 1 1 160px;
    }
    fieldset.parameters {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-small);
      margin: 0 0 16px;
      padding: 8px 12px 12px;
    }
    legend {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .parameter {
      display: flex;
      flex-wrap: wrap;
      gap: 0 8px;
      align-items: center;
    }
    .parameter mat-form-field {
      flex: 1 1 120px;
    }
    .parameter mat-form-field.unit {
      flex: 0 1 90px;
    }
    .images {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      margin-bottom: 8px;
    }
    .kept {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
    }
    .sub {
      margin: 0 0 8px;
      color: var(--mat-sys-on-surface-variant);
    }
    .refusal {
      color: var(--mat-sys-error);
    }
    .submit {
      margin-top: 8px;
    }
  `,
})
export class DeviceFormPage {
  private readonly api = inject(DevicesApi);
  private readonly router = inject(Router);
  /** Set on /devices/:id/edit; absent when registering. */
  readonly id = input<string>();
  protected readonly types = DEVICE_TYPES;
  protected readonly existing = rxResource({
    params: () => this.id() || undefined,
    stream: ({ params }) => this.api.device(params),
  });
  protected readonly form = new FormGroup({
    number: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(NUMBER)] }),
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(100)] }),
    model: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(100)] }),
    type: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    spec: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(1000)] }),
    project: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(100)] }),
    manufacturedOn: new FormControl('', { nonNullable: true, validators: [Validators.pattern(DATE)] }),
    soldOn: new FormControl('', { nonNullable: true, validators: [Validators.pattern(DATE)] }),
    warrantyMonths: new FormControl<number | null>(12, { validators: [Validators.required, Validators.min(0), Validators.max(120), Validators.pattern(/^\d+$/)] }),
    countyCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    address: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(200)] }),
    lat: new FormControl<number | null>(null, { validators: [Validators.min(3), Validators.max(54)] }),
    lng: new FormControl<number | null>(null, { validators: [Validators.min(73), Validators.max(136)] }),
    publicRequests: new FormControl(false, { nonNullable: true }),
  });
  protected readonly parameters = new FormArray([parameterRow()]);
  protected readonly newRow = () => parameterRow();
  protected readonly kept = signal<readonly DeviceImage[]>([]);
  protected uploaded: readonly StoredBlob[] = [];
  protected readonly busy = signal(false);
  protected readonly refusal = signal<string | null>(null);

  constructor() {
    effect(() => {
      if (!this.existing.hasValue()) return;
      this.fill(this.existing.value());
    });
  }

  private fill(device: Device): void {
    this.form.reset(formValueOf(device));
    this.form.controls.number.clearValidators();
    this.form.controls.number.updateValueAndValidity();
    this.parameters.clear();
    for (const p of device.parameters) this.parameters.push(parameterRow({ ...p }));
    if (this.parameters.length === 0) this.parameters.push(parameterRow());
    this.kept.set(device.images);
  }

  protected removeKept(image: DeviceImage): void {
    this.kept.update((images) => images.filter((i) => i.blobId !== image.blobId));
  }

  protected submit(): void {
    this.refusal.set(null);
    if (this.id()) this.form.controls.number.disable();
    if (this.form.invalid || this.parameters.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const images = [...this.kept(), ...this.uploaded.map((b) => ({ blobId: b.blobId, mediaType: b.mediaType, size: b.size }))];
    const id = this.id();
    const body = submissionOf(this.form.getRawValue(), this.parameters.getRawValue(), images, id ? 'edit' : 'register');
    this.busy.set(true);
    (id ? this.api.update(id, body) : this.api.register(body)).subscribe({
      next: (device) => {
        this.busy.set(false);
        void this.router.navigate(['/devices', device.id]);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const failure = formFailure(error, this.form, FIELD_ALIASES);
        if (failure) this.refusal.set([failure.message, ...failure.unplaced.map((f) => `${f.field}: ${f.message}`)].filter(Boolean).join('; '));
      },
    });
  }
}
