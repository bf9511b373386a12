import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { FieldErrorText } from '../shared/forms/field-error';
import { formFailure, type FormFailure } from '../shared/forms/form-failure';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { NotificationsApi } from './notifications.api';
import type { ExternalChannel, NotificationPreferences, PreferencesChange } from './notifications.model';

const CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const CHANNELS: readonly ExternalChannel[] = ['sms', 'email'];

/** 通知设置: per event type, SMS and e-mail on or off (in-app is always on); quiet hours; language; address. */
@Component({
  selector: 'kg-notification-preferences-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatCheckboxModule,
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
  host: { class: 'kg-page' },
  template: `
    <header>
      <h1>{{ 'notifications.preferences.title' | transloco }}</h1>
      <p class="kg-lead">{{ 'notifications.preferences.lead' | transloco }}</p>
    </header>
    @if (failed()) {
      <kg-state-panel tone="error" icon="cloud_off" [title]="'notifications.preferences.failed' | transloco">
        <button mat-flat-button (click)="load()">{{ 'common.retry' | transloco }}</button>
      </kg-state-panel>
    } @else if (!loaded()) {
      <kg-loading-panel [label]="'notifications.preferences.loading' | transloco" />
    } @else {
      <form [formGroup]="form" (ngSubmit)="save()" novalidate>
        <section class="kg-card">
          <h2>{{ 'notifications.preferences.matrix' | transloco }}</h2>
          <div class="scroll" tabindex="0" role="region" [attr.aria-label]="'notifications.preferences.matrix' | transloco">
            <table class="matrix" data-testid="preference-matrix">
              <thead>
                <tr>
                  <th scope="col">{{ 'notifications.preferences.event' | transloco }}</th>
                  <th scope="col">{{ 'notifications.channels.in-app' | transloco }}</th>
                  @for (channel of channels; track channel) {
                    <th scope="col">{{ 'notifications.channels.' + channel | transloco }}</th>
                  }
                </tr>
              </thead>
              <tbody>
                @for (row of eventTypes(); track row.eventType) {
                  <tr>
                    <th scope="row">{{ 'notifications.events.' + row.eventType | transloco }}</th>
                    <td><mat-checkbox [checked]="true" [disabled]="true" [attr.aria-label]="'notifications.preferences.inAppAlways' | transloco" /></td>
                    @for (channel of channels; track channel) {
                      <td>
                        <mat-checkbox
                          [checked]="isOn(row.eventType, channel)"
                          (change)="toggle(row.eventType, channel, $event.checked)"
                          [attr.data-testid]="'choice-' + row.eventType + '-' + channel"
                          [aria-label]="('notifications.events.' + row.eventType | transloco) + ' · ' + ('notifications.channels.' + channel | transloco)"
                        />
                      </td>
                    }
                  </tr>
                }
              </tbody>
            </table>
          </div>
          <p class="hint">{{ 'notifications.preferences.matrixHint' | transloco }}</p>
        </section>

        <section class="kg-card">
          <h2>{{ 'notifications.preferences.quietHours' | transloco }}</h2>
          <mat-slide-toggle formControlName="quiet" data-testid="quiet-toggle">{{ 'notifications.preferences.quietOn' | transloco }}</mat-slide-toggle>
          @if (form.controls.quiet.value) {
            <div class="row">
              <mat-form-field>
                <mat-label>{{ 'notifications.preferences.start' | transloco }}</mat-label>
                <input matInput type="time" formControlName="start" data-testid="quiet-start" />
                <mat-error><kg-field-error [control]="form.controls.start" [messages]="{ pattern: 'notifications.preferences.clock' }" /></mat-error>
              </mat-form-field>
              <mat-form-field>
                <mat-label>{{ 'notifications.preferences.end' | transloco }}</mat-label>
                <input matInput type="time" formControlName="end" data-testid="quiet-end" />
                <mat-error><kg-field-error [control]="form.controls.end" [messages]="{ pattern: 'notifications.preferences.clock' }" /></mat-error>
              </mat-form-field>
            </div>
            <p class="hint">{{ 'notifications.preferences.quietHint' | transloco: { zone: timeZone() } }}</p>
          }
        </section>

        <section class="kg-card">
          <h2>{{ 'notifications.preferences.delivery' | transloco }}</h2>
          <div class="row">
            <mat-form-field>
              <mat-label>{{ 'notifications.preferences.language' | transloco }}</mat-label>
              <mat-select formControlName="language">
                <mat-option value="zh-CN">简体中文</mat-option>
                <mat-option value="en">English</mat-option>
              </mat-select>
            </mat-form-field>
            <mat-form-field class="email">
              <mat-label>{{ 'notifications.preferences.email' | transloco }}</mat-label>
              <input matInput type="email" formControlName="email" autocomplete="email" data-testid="email" [placeholder]="currentEmail() ?? ''" />
              <mat-hint>{{ (currentEmail() ? 'notifications.preferences.emailOnFile' : 'notifications.preferences.emailNone') | transloco: { email: currentEmail() } }}</mat-hint>
              <mat-error><kg-field-error [control]="form.controls.email" [messages]="{ email: 'notifications.preferences.emailInvalid' }" /></mat-error>
            </mat-form-field>
          </div>
          @if (currentEmail()) {
            <mat-checkbox formControlName="removeEmail">{{ 'notifications.preferences.removeEmail' | transloco }}</mat-checkbox>
          }
        </section>

        @if (failure(); as f) {
          <p class="error" role="alert">{{ f.message }}</p>
        }
        <div class="actions">
          <a mat-button routerLink="/notifications">{{ 'notifications.preferences.back' | transloco }}</a>
          <button mat-flat-button type="submit" [disabled]="saving()" data-testid="save-preferences">{{ 'notifications.preferences.save' | transloco }}</button>
        </div>
      </form>
    }
  `,
  styles: `
    :host {
      max-width: 960px;
    }
    .hint {
      margin: 4px 0 0;
      color: var(--mat-sys-on-surface-variant);
    }
    form {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .scroll {
      overflow-x: auto;
    }
    .matrix {
      border-collapse: collapse;
      width: 100%;
    }
    .matrix th,
    .matrix td {
      padding: 2px 8px;
      text-align: center;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .matrix th[scope='row'],
    .matrix thead th:first-child {
      text-align: left;
      font: var(--mat-sys-body-medium);
      white-space: nowrap;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      margin-top: 8px;
    }
    .email {
      flex: 1;
      min-width: 240px;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 8px;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class NotificationPreferencesPage {
  private readonly api = inject(NotificationsApi);
  private readonly snack = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  protected readonly channels = CHANNELS;
  protected readonly loaded = signal(false);
  protected readonly failed = signal(false);
  protected readonly saving = signal(false);
  protected readonly failure = signal<FormFailure | null>(null);
  protected readonly eventTypes = signal<NotificationPreferences['eventTypes']>([]);
  protected readonly currentEmail = signal<string | null>(null);
  protected readonly timeZone = signal('Asia/Shanghai');
  private readonly defaults = new Map<string, readonly ExternalChannel[]>();
  private readonly choices = signal<Record<string, Partial<Record<ExternalChannel, boolean>>>>({});

  protected readonly form = new FormGroup({
    quiet: new FormControl(false, { nonNullable: true }),
    start: new FormControl('22:00', { nonNullable: true, validators: [Validators.pattern(CLOCK)] }),
    end: new FormControl('08:00', { nonNullable: true, validators: [Validators.pattern(CLOCK)] }),
    language: new FormControl<'zh-CN' | 'en'>('zh-CN', { nonNullable: true }),
    email: new FormControl('', { nonNullable: true, validators: [Validators.email, Validators.maxLength(254)] }),
    removeEmail: new FormControl(false, { nonNullable: true }),
  });

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.failed.set(false);
    try {
      this.apply(await firstValueFrom(this.api.preferences()));
      this.loaded.set(true);
    } catch {
      this.failed.set(true);
    }
  }

  protected isOn(eventType: string, channel: ExternalChannel): boolean {
    return this.choices()[eventType]?.[channel] ?? this.defaults.get(eventType)?.includes(channel) ?? false;
  }

  protected toggle(eventType: string, channel: ExternalChannel, on: boolean): void {
    this.choices.update((all) => ({ ...all, [eventType]: { ...all[eventType], [channel]: on } }));
  }

  protected async save(): Promise<void> {
    this.failure.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const email = v.removeEmail ? null : v.email.trim() ? v.email.trim() : undefined;
    const change: PreferencesChange = {
      choices: this.choices(),
      quietHours: v.quiet ? { start: v.start, end: v.end } : null,
      language: v.language,
      ...(email !== undefined ? { email } : {}),
    };
    this.saving.set(true);
    try {
      this.apply(await firstValueFrom(this.api.changePreferences(change)));
      this.snack.open(this.transloco.translate('notifications.preferences.saved'), undefined, { duration: 3000 });
    } catch (error) {
      // quietHours.start / .end and the rest name our controls after the path's last part.
      this.failure.set(formFailure(error, this.form, { 'quietHours.start': 'start', 'quietHours.end': 'end', quietHours: 'start' }));
    } finally {
      this.saving.set(false);
    }
  }

  private apply(preferences: NotificationPreferences): void {
    this.defaults.clear();
    for (const t of preferences.eventTypes) this.defaults.set(t.eventType, t.defaultChannels);
    this.eventTypes.set(preferences.eventTypes);
    this.choices.set({ ...preferences.choices });
    this.currentEmail.set(preferences.email);
    this.timeZone.set(preferences.timeZone);
    this.form.reset({
      quiet: preferences.quietHours !== null,
      start: preferences.quietHours?.start ?? '22:00',
      end: preferences.quietHours?.end ?? '08:00',
      language: preferences.language,
      email: '',
      removeEmail: false,
    });
  }
}
