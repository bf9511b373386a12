import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Observable } from 'rxjs';
import { ActiveContext } from '../core/context/active-context';
import { LocaleService } from '../core/i18n/locale.service';
import { FieldErrorText } from '../shared/forms/field-error';
import { formFailure } from '../shared/forms/form-failure';
import { formatDateTime } from '../shared/format/date-time';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { DispatchApi } from './dispatch.api';
import { DEVICE_TYPES, ENGINEER_LEVELS, FAULT_TYPES, type EngineerProfile } from './dispatch.model';

/** Specialities are typed as one line, separated as people write lists in either language. */
const fieldsOf = (text: string): string[] =>
  text
    .split(/[、,，;；\n]/)
    .map((f) => f.trim())
    .filter((f) => f !== '');

/**
 * 工程师档案: one engineer's skills, level, fields, certification and workload. A provider admin
 * (member:update, acting for the engineer's enterprise) edits all of it; the engineer on
 * /dispatch/my-profile edits their own skills only.
 */
@Component({
  selector: 'kg-engineer-profile-page',
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
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header>
        @if (!self()) {
          <a mat-button routerLink="/dispatch/engineers"><mat-icon>arrow_back</mat-icon>{{ 'dispatch.engineers.title' | transloco }}</a>
        }
        <h1>{{ (self() ? 'dispatch.engineer.myTitle' : 'dispatch.engineer.title') | transloco }}</h1>
        <p class="kg-lead">{{ (self() ? 'dispatch.engineer.myLead' : 'dispatch.engineer.lead') | transloco }}</p>
      </header>
      @if (profile.error()) {
        <kg-state-panel tone="error" icon="person_off" [title]="'dispatch.engineer.unavailable' | transloco" [message]="'dispatch.engineer.unavailableHint' | transloco" />
      } @else if (!profile.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        @let p = profile.value();
        <section class="kg-card summary" data-testid="engineer-summary">
          <h2>{{ p.name ?? p.userId }}</h2>
          <div class="facts">
            <span class="kg-chip">{{ p.level ? ('dispatch.levels.' + p.level | transloco) : ('dispatch.engineer.noLevel' | transloco) }}</span>
            @if (p.certified) {
              <span class="kg-chip ok"><mat-icon>verified</mat-icon>{{ 'dispatch.certified.true' | transloco }}</span>
            } @else {
              <span class="kg-chip">{{ 'dispatch.certified.false' | transloco }}</span>
            }
            <span class="kg-chip">{{ (p.available ? 'dispatch.available.true' : 'dispatch.available.false') | transloco }}</span>
            <span>{{ 'dispatch.workloadOf' | transloco: { open: p.openOrders, capacity: p.capacity } }}</span>
            <span>{{ 'dispatch.stats.rating' | transloco: { count: p.rating.count } }}：{{ p.rating.mean ?? '—' }}</span>
            @if (p.yearsOfExperience !== null) {
              <span>{{ 'dispatch.engineer.years' | transloco: { years: p.yearsOfExperience } }}</span>
            }
          </div>
          @if (!p.configured) {
            <p class="hint" role="status">{{ (self() ? 'dispatch.engineer.notConfiguredSelf' : 'dispatch.engineer.notConfigured') | transloco }}</p>
          }
        </section>
        @if (editable()) {
          <form class="kg-card kg-form" [formGroup]="form" (ngSubmit)="save()" novalidate>
            @if (refusal()) {
              <p class="refusal" role="alert">{{ refusal() }}</p>
            }
            @if (saved()) {
              <p class="ok" role="status" data-testid="saved"><mat-icon>check_circle</mat-icon>{{ 'dispatch.saved' | transloco: { time: saved() } }}</p>
            }
            <mat-form-field>
              <mat-label>{{ 'dispatch.fields.deviceTypes' | transloco }}</mat-label>
              <mat-select formControlName="deviceTypes" multiple data-testid="engineer-device-types">
                @for (t of deviceTypes; track t) {
                  <mat-option [value]="t">{{ 'dispatch.deviceTypes.' + t | transloco }}</mat-option>
                }
              </mat-select>
              <mat-error><kg-field-error [control]="form.controls.deviceTypes" [messages]="{ required: 'dispatch.required' }" /></mat-error>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'dispatch.fields.faultTypes' | transloco }}</mat-label>
              <mat-select formControlName="faultTypes" multiple>
                @for (t of faultTypes; track t) {
                  <mat-option [value]="t">{{ 'dispatch.faultTypes.' + t | transloco }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <mat-form-field subscriptSizing="dynamic">
              <mat-label>{{ 'dispatch.fields.fields' | transloco }}</mat-label>
              <input matInput formControlName="fields" data-testid="engineer-fields" />
              <mat-hint>{{ 'dispatch.engineer.fieldsHint' | transloco }}</mat-hint>
              <mat-error><kg-field-error [control]="form.controls.fields" /></mat-error>
            </mat-form-field>
            @if (!self()) {
              <div class="row">
                <mat-form-field>
                  <mat-label>{{ 'dispatch.fields.level' | transloco }}</mat-label>
                  <mat-select formControlName="level" data-testid="engineer-level">
                    @for (l of levels; track l) {
                      <mat-option [value]="l">{{ 'dispatch.levels.' + l | transloco }}</mat-option>
                    }
                  </mat-select>
                  <mat-error><kg-field-error [control]="form.controls.level" [messages]="{ required: 'dispatch.required' }" /></mat-error>
                </mat-form-field>
                <mat-form-field>
                  <mat-label>{{ 'dispatch.fields.yearsOfExperience' | transloco }}</mat-label>
                  <input matInput type="number" inputmode="numeric" min="0" max="60" formControlName="yearsOfExperience" />
                  <mat-error><kg-field-error [control]="form.controls.yearsOfExperience" [messages]="{ required: 'dispatch.required', min: 'dispatch.yearsRange', max: 'dispatch.yearsRange' }" /></mat-error>
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
              <mat-slide-toggle formControlName="available">{{ 'dispatch.engineer.takesAssignments' | transloco }}</mat-slide-toggle>
            }
            <div class="kg-actions">
              <button mat-flat-button type="submit" [disabled]="busy()" data-testid="save-engineer-profile">{{ 'dispatch.save' | transloco }}</button>
            </div>
          </form>
        } @else {
          <section class="kg-card">
            <dl class="kg-facts">
              <dt>{{ 'dispatch.fields.skills' | transloco }}</dt>
              <dd>
                @for (t of p.deviceTypes; track t) {
                  <span class="kg-chip">{{ 'dispatch.deviceTypes.' + t | transloco }}</span>
                }
                @for (t of p.faultTypes; track t) {
                  <span class="kg-chip">{{ 'dispatch.faultTypes.' + t | transloco }}</span>
                }
              </dd>
              <dt>{{ 'dispatch.fields.fields' | transloco }}</dt>
              <dd>{{ p.fields.join('、') || '—' }}</dd>
            </dl>
          </section>
        }
      }
    </div>
  `,
  styles: `
    .facts {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
    }
    .facts .kg-chip mat-icon {
      font-size: 16px;
      width: 16px;
      height: 16px;
      vertical-align: -3px;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
    }
    .row mat-form-field {
      flex: 1 1 160px;
    }
    .hint {
      color: var(--mat-sys-on-surface-variant);
    }
    .refusal {
      color: var(--mat-sys-error);
    }
    .ok {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      color: var(--kg-ok);
    }
    mat-slide-toggle {
      display: block;
      margin-bottom: 16px;
    }
  `,
})
export class EngineerProfilePage {
  private readonly api = inject(DispatchApi);
  private readonly context = inject(ActiveContext);
  private readonly locale = inject(LocaleService);
  readonly enterpriseId = input<string>();
  readonly userId = input<string>();
  /** Route data: the engineer's own page. */
  readonly self = input(false);
  protected readonly deviceTypes = DEVICE_TYPES;
  protected readonly faultTypes = FAULT_TYPES;
  protected readonly levels = ENGINEER_LEVELS;
  protected readonly form = new FormGroup({
    deviceTypes: new FormControl<string[]>([], { nonNullable: true, validators: [Validators.required] }),
    faultTypes: new FormControl<string[]>([], { nonNullable: true }),
    fields: new FormControl('', { nonNullable: true }),
    level: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    yearsOfExperience: new FormControl<number | null>(0, { validators: [Validators.required, Validators.min(0), Validators.max(60)] }),
    lat: new FormControl<number | null>(null, { validators: [Validators.min(-90), Validators.max(90)] }),
    lng: new FormControl<number | null>(null, { validators: [Validators.min(-180), Validators.max(180)] }),
    available: new FormControl(true, { nonNullable: true }),
  });
  protected readonly refusal = signal<string | null>(null);
  protected readonly saved = signal<string | null>(null);
  protected readonly busy = signal(false);
  /** The admins of the engineer's own enterprise edit it all; the engineer edits their skills once set up. */
  protected readonly editable = computed(() => {
    if (this.self()) return this.profile.hasValue() && this.profile.value().configured;
    const active = this.context.active();
    return active?.kind === 'enterprise' && active.id === this.enterpriseId() && this.context.can('member:update');
  });
  protected readonly profile = rxResource({
    params: () => (this.self() ? { self: true as const } : this.enterpriseId() && this.userId() ? { enterpriseId: this.enterpriseId()!, userId: this.userId()! } : undefined),
    stream: ({ params }) => ('self' in params ? this.api.myEngineerProfile() : this.api.engineerProfile(params.enterpriseId, params.userId)),
  });

  constructor() {
    effect(() => {
      if (this.profile.hasValue()) this.fill(this.profile.value());
    });
  }

  private fill(p: EngineerProfile): void {
    this.form.setValue({
      deviceTypes: [...p.deviceTypes],
      faultTypes: [...p.faultTypes],
      fields: p.fields.join('、'),
      level: p.level ?? '',
      yearsOfExperience: p.yearsOfExperience ?? 0,
      lat: p.base?.lat ?? null,
      lng: p.base?.lng ?? null,
      available: p.configured ? p.available : true,
    });
    // The engineer's own form asks for skills only: level and years are the provider's.
    const adminOnly = [this.form.controls.level, this.form.controls.yearsOfExperience, this.form.controls.lat, this.form.controls.lng, this.form.controls.available];
    for (const control of adminOnly) {
      if (this.self()) control.disable();
      else control.enable();
    }
  }

  protected save(): void {
    this.refusal.set(null);
    this.saved.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const skills = { deviceTypes: v.deviceTypes, faultTypes: v.faultTypes, fields: fieldsOf(v.fields) };
    const call: Observable<EngineerProfile> = this.self()
      ? this.api.saveMySkills(skills)
      : this.api.saveEngineerProfile(this.enterpriseId()!, this.userId()!, {
          ...skills,
          level: v.level,
          yearsOfExperience: Number(v.yearsOfExperience),
          base: v.lat !== null && v.lng !== null ? { lat: Number(v.lat), lng: Number(v.lng) } : null,
          available: v.available,
        });
    this.busy.set(true);
    call.subscribe({
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
