import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';
import { LocaleService } from '../core/i18n/locale.service';
import { FieldErrorText } from '../shared/forms/field-error';
import { formFailure } from '../shared/forms/form-failure';
import { formatDateTime } from '../shared/format/date-time';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { activeEnterpriseId } from '../organization/active-enterprise';
import { NoEnterprise } from '../organization/no-enterprise';
import { DispatchApi } from './dispatch.api';
import { DEVICE_TYPES, FAULT_TYPES, type ProviderProfile } from './dispatch.model';
import { RegionAdder } from './region-adder';

const coordinate = (min: number, max: number) => [Validators.min(min), Validators.max(max)];

/** 服务档案: what the provider serves, where and how much — what dispatch suggestions rank it by. */
@Component({
  selector: 'kg-provider-profile-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatChipsModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    TranslocoPipe,
    FieldErrorText,
    LoadingPanel,
    StatePanel,
    NoEnterprise,
    RegionAdder,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header>
        <h1>{{ 'dispatch.provider.title' | transloco }}</h1>
        <p class="kg-lead">{{ 'dispatch.provider.lead' | transloco }}</p>
      </header>
      @if (!enterpriseId()) {
        <kg-no-enterprise />
      } @else if (profile.error()) {
        <kg-state-panel tone="error" icon="storefront" [title]="'dispatch.provider.unavailable' | transloco" [message]="'dispatch.provider.unavailableHint' | transloco" />
      } @else if (!profile.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        @let p = profile.value();
        <section class="kg-card stats" data-testid="provider-stats">
          <div><span class="value">{{ p.openOrders }}</span><span class="label">{{ 'dispatch.stats.openOrders' | transloco }}</span></div>
          <div><span class="value">{{ p.capacity ?? '—' }}</span><span class="label">{{ 'dispatch.stats.capacity' | transloco }}</span></div>
          <div><span class="value">{{ p.certifiedEngineers }}</span><span class="label">{{ 'dispatch.stats.certifiedEngineers' | transloco }}</span></div>
          <div>
            <span class="value">{{ p.rating.mean ?? '—' }}</span
            ><span class="label">{{ 'dispatch.stats.rating' | transloco: { count: p.rating.count } }}</span>
          </div>
        </section>
        <form class="kg-card kg-form" [formGroup]="form" (ngSubmit)="save()" novalidate>
          @if (!p.configured) {
            <p class="hint" role="status">{{ 'dispatch.provider.notConfigured' | transloco }}</p>
          }
          @if (refusal()) {
            <p class="refusal" role="alert">{{ refusal() }}</p>
          }
          @if (saved()) {
            <p class="ok" role="status" data-testid="saved"><mat-icon>check_circle</mat-icon>{{ 'dispatch.saved' | transloco: { time: saved() } }}</p>
          }
          <mat-form-field>
            <mat-label>{{ 'dispatch.fields.deviceTypes' | transloco }}</mat-label>
            <mat-select formControlName="deviceTypes" multiple data-testid="device-types">
              @for (t of deviceTypes; track t) {
                <mat-option [value]="t">{{ 'dispatch.deviceTypes.' + t | transloco }}</mat-option>
              }
            </mat-select>
            <mat-error><kg-field-error [control]="form.controls.deviceTypes" [messages]="{ required: 'dispatch.required' }" /></mat-error>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'dispatch.fields.faultTypes' | transloco }}</mat-label>
            <mat-select formControlName="faultTypes" multiple data-testid="fault-types">
              @for (t of faultTypes; track t) {
                <mat-option [value]="t">{{ 'dispatch.faultTypes.' + t | transloco }}</mat-option>
              }
            </mat-select>
            <mat-error><kg-field-error [control]="form.controls.faultTypes" [messages]="{ required: 'dispatch.required' }" /></mat-error>
          </mat-form-field>
          <fieldset>
            <legend>{{ 'dispatch.fields.serviceRegions' | transloco }}</legend>
            <mat-chip-set [attr.aria-label]="'dispatch.fields.serviceRegions' | transloco" data-testid="service-regions">
              @for (r of regions(); track r.code) {
                <mat-chip (removed)="removeRegion(r.code)">
                  {{ r.name }}
                  <button matChipRemove [attr.aria-label]="'dispatch.provider.removeRegion' | transloco: { name: r.name }"><mat-icon>cancel</mat-icon></button>
                </mat-chip>
              } @empty {
                <span class="hint">{{ 'dispatch.provider.noRegions' | transloco }}</span>
              }
            </mat-chip-set>
            <kg-region-adder (added)="addRegion($event)" />
            @if (regionError()) {
              <p class="refusal" role="alert">{{ regionError() }}</p>
            }
          </fieldset>
          <div class="row">
            <mat-form-field subscriptSizing="dynamic">
              <mat-label>{{ 'dispatch.fields.capacity' | transloco }}</mat-label>
              <input matInput type="number" inputmode="numeric" min="1" formControlName="capacity" data-testid="capacity" />
              <mat-hint>{{ 'dispatch.provider.capacityHint' | transloco }}</mat-hint>
              <mat-error><kg-field-error [control]="form.controls.capacity" [messages]="{ required: 'dispatch.required', min: 'dispatch.capacityMin' }" /></mat-error>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'dispatch.fields.lat' | transloco }}</mat-label>
              <input matInput type="number" inputmode="decimal" formControlName="lat" />
              <mat-error><kg-field-error [control]="form.controls.lat" [messages]="{ min: 'dispatch.latRange', max: 'dispatch.latRange' }" /></mat-error>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'dispatch.fields.lng' | transloco }}</mat-label>
              <input matInput type="number" inputmode="decimal" formControlName="lng" />
              <mat-error><kg-field-error [control]="form.controls.lng" [messages]="{ min: 'dispatch.lngRange', max: 'dispatch.lngRange' }" /></mat-error>
            </mat-form-field>
          </div>
          <p class="hint">{{ 'dispatch.baseHint' | transloco }}</p>
          @if (canEdit()) {
            <div class="kg-actions">
              <button mat-flat-button type="submit" [disabled]="busy()" data-testid="save-provider-profile">{{ 'dispatch.save' | transloco }}</button>
            </div>
          }
        </form>
      }
    </div>
  `,
  styles: `
    .stats {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(120px, 1fr));
      gap: 12px;
    }
    .stats div {
      display: flex;
      flex-direction: column;
    }
    .value {
      font: var(--mat-sys-headline-small);
    }
    .label,
    .hint {
      color: var(--mat-sys-on-surface-variant);
    }
    fieldset {
      border: 0;
      padding: 0;
      margin: 0 0 12px;
    }
    legend {
      font: var(--mat-sys-label-large);
      margin-bottom: 8px;
    }
    mat-chip-set {
      display: block;
      margin-bottom: 12px;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
    }
    .row mat-form-field {
      flex: 1 1 160px;
    }
    .refusal {
      color: var(--mat-sys-error);
    }
    .ok {
      display: flex;
      align-items: center;
      gap: 4px;
      color: var(--kg-ok);
    }
  `,
})
export class ProviderProfilePage {
  private readonly api = inject(DispatchApi);
  private readonly context = inject(ActiveContext);
  private readonly locale = inject(LocaleService);
  private readonly transloco = inject(TranslocoService);
  protected readonly enterpriseId = activeEnterpriseId();
  protected readonly deviceTypes = DEVICE_TYPES;
  protected readonly faultTypes = FAULT_TYPES;
  protected readonly canEdit = computed(() => this.context.can('enterprise:update'));
  protected readonly form = new FormGroup({
    deviceTypes: new FormControl<string[]>([], { nonNullable: true, validators: [Validators.required] }),
    faultTypes: new FormControl<string[]>([], { nonNullable: true, validators: [Validators.required] }),
    capacity: new FormControl<number | null>(null, { validators: [Validators.required, Validators.min(1)] }),
    lat: new FormControl<number | null>(null, { validators: coordinate(-90, 90) }),
    lng: new FormControl<number | null>(null, { validators: coordinate(-180, 180) }),
  });
  protected readonly regions = signal<readonly { code: string; name: string }[]>([]);
  protected readonly regionError = signal<string | null>(null);
  protected readonly refusal = signal<string | null>(null);
  protected readonly saved = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly profile = rxResource({
    params: () => this.enterpriseId() ?? undefined,
    stream: ({ params }) => this.api.providerProfile(params),
  });

  constructor() {
    effect(() => {
      if (this.profile.hasValue()) this.fill(this.profile.value());
    });
    effect(() => (this.canEdit() ? this.form.enable() : this.form.disable()));
  }

  private fill(p: ProviderProfile): void {
    this.form.setValue({
      deviceTypes: [...p.deviceTypes],
      faultTypes: [...p.faultTypes],
      capacity: p.capacity,
      lat: p.base?.lat ?? null,
      lng: p.base?.lng ?? null,
    });
    this.regions.set(p.serviceRegions);
  }

  protected addRegion(region: { code: string; name: string }): void {
    this.regionError.set(null);
    if (!this.regions().some((r) => r.code === region.code)) this.regions.update((list) => [...list, region]);
  }

  protected removeRegion(code: string): void {
    this.regions.update((list) => list.filter((r) => r.code !== code));
  }

  protected save(): void {
    this.refusal.set(null);
    this.saved.set(null);
    if (this.regions().length === 0) this.regionError.set(this.transloco.translate('dispatch.provider.regionRequired'));
    if (this.form.invalid || this.regions().length === 0) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const base = v.lat !== null && v.lng !== null ? { lat: Number(v.lat), lng: Number(v.lng) } : null;
    this.busy.set(true);
    this.api
      .saveProviderProfile(this.enterpriseId()!, { deviceTypes: v.deviceTypes, faultTypes: v.faultTypes, serviceRegions: this.regions().map((r) => r.code), base, capacity: Number(v.capacity) })
      .subscribe({
        next: (p) => {
          this.busy.set(false);
          this.profile.set(p);
          this.saved.set(formatDateTime(p.updatedAt ?? new Date().toISOString(), this.locale.language()));
        },
        error: (error: unknown) => {
          this.busy.set(false);
          const failure = formFailure(error, this.form, { 'base.lat': 'lat', 'base.lng': 'lng' });
          if (failure) this.refusal.set([failure.message, ...failure.unplaced.map((f) => `${f.field}: ${f.message}`)].filter(Boolean).join('; '));
        },
      });
  }
}
