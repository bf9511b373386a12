import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Observable } from 'rxjs';
import { LocaleService } from '../../core/i18n/locale.service';
import { formatDateTime } from '../../shared/format/date-time';
import { FieldErrorText } from '../../shared/forms/field-error';
import { formFailure } from '../../shared/forms/form-failure';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { DivisionPicker } from '../division-picker';
import { FileUploads } from '../file-uploads';
import { StatusChip } from '../../shared/ui/status-chip';
import { TenancyApi } from '../tenancy.api';
import { MATERIAL_TYPES, type StoredBlob } from '../tenancy.model';

/** What an application names of an upload: the backend refuses the other fields it answered with. */
const reference = ({ blobId, mediaType, size }: StoredBlob) => ({ blobId, mediaType, size });

// Mainland resident ID: 17 digits and a digit or X.
const ID_NUMBER = /^\d{17}[\dXx]$/;

/** 我的认证: my real-name and professional qualifications, and the forms to apply for them. */
@Component({
  selector: 'kg-my-qualifications-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    TranslocoPipe,
    FieldErrorText,
    LoadingPanel,
    StatePanel,
    StatusChip,
    DivisionPicker,
    FileUploads,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <header>
        <h1>{{ 'qualifications.title' | transloco }}</h1>
        <p class="kg-lead">{{ 'qualifications.lead' | transloco }}</p>
      </header>
      <section class="kg-card">
        <h2><mat-icon aria-hidden="true">workspace_premium</mat-icon>{{ 'qualifications.mine' | transloco }}</h2>
        @if (mine.error()) {
          <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
            <button mat-flat-button (click)="mine.reload()">{{ 'common.retry' | transloco }}</button>
          </kg-state-panel>
        } @else if (!mine.hasValue()) {
          <kg-loading-panel [label]="'common.loading' | transloco" />
        } @else if (rows().length === 0) {
          <kg-state-panel icon="workspace_premium" [title]="'qualifications.none' | transloco" />
        } @else {
          <ul class="list" data-testid="my-qualifications">
            @for (q of rows(); track $index) {
              <li>
                <strong>{{ 'verification.kinds.' + q.kind | transloco }}</strong>
                <kg-status [value]="q.status" />
                <span class="when">{{ q.time }}</span>
                @if (q.opinion) {
                  <q>{{ q.opinion }}</q>
                }
              </li>
            }
          </ul>
        }
      </section>

      <form class="kg-card kg-form" [formGroup]="realName" (ngSubmit)="applyRealName()">
        <h2><mat-icon aria-hidden="true">badge</mat-icon>{{ 'qualifications.realName' | transloco }}</h2>
        @if (sent() === 'realName') {
          <p class="ok" role="status">{{ 'qualifications.sent' | transloco }}</p>
        }
        @if (refusal()?.which === 'realName') {
          <p class="refusal" role="alert">{{ refusal()!.text }}</p>
        }
        <mat-form-field>
          <mat-label>{{ 'qualifications.fields.realName' | transloco }}</mat-label>
          <input matInput formControlName="realName" autocomplete="name" />
          <mat-error><kg-field-error [control]="realName.controls.realName" [messages]="{ required: 'forms.required' }" /></mat-error>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'qualifications.fields.idNumber' | transloco }}</mat-label>
          <input matInput formControlName="idNumber" maxlength="18" class="kg-mono" autocomplete="off" />
          <mat-error
            ><kg-field-error
              [control]="realName.controls.idNumber"
              [messages]="{ required: 'forms.required', pattern: 'qualifications.idNumberInvalid' }"
          /></mat-error>
        </mat-form-field>
        <kg-division-picker [control]="realName.controls.countyCode" />
        <kg-file-uploads [label]="'verification.sides.front' | transloco" [max]="1" accept="image/jpeg,image/png" [(files)]="front" />
        <kg-file-uploads [label]="'verification.sides.back' | transloco" [max]="1" accept="image/jpeg,image/png" [(files)]="back" />
        <div class="kg-actions">
          <button mat-flat-button type="submit" [disabled]="busy()">{{ 'qualifications.apply' | transloco }}</button>
        </div>
      </form>

      <form class="kg-card kg-form" [formGroup]="certification" (ngSubmit)="applyCertification()">
        <h2><mat-icon aria-hidden="true">engineering</mat-icon>{{ 'qualifications.certification' | transloco }}</h2>
        @if (sent() === 'certification') {
          <p class="ok" role="status">{{ 'qualifications.sent' | transloco }}</p>
        }
        @if (refusal()?.which === 'certification') {
          <p class="refusal" role="alert">{{ refusal()!.text }}</p>
        }
        <mat-form-field>
          <mat-label>{{ 'verification.kind' | transloco }}</mat-label>
          <mat-select formControlName="kind">
            <mat-option value="engineer">{{ 'verification.kinds.engineer' | transloco }}</mat-option>
            <mat-option value="expert">{{ 'verification.kinds.expert' | transloco }}</mat-option>
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'verification.skills' | transloco }}</mat-label>
          <input matInput formControlName="skills" />
          <mat-hint>{{ 'qualifications.skillsHint' | transloco }}</mat-hint>
          <mat-error><kg-field-error [control]="certification.controls.skills" [messages]="{ required: 'forms.required' }" /></mat-error>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'verification.years' | transloco }}</mat-label>
          <input matInput type="number" min="0" max="60" formControlName="years" />
          <mat-error
            ><kg-field-error
              [control]="certification.controls.years"
              [messages]="{ required: 'forms.required', min: 'forms.required', max: 'forms.tooLong' }"
          /></mat-error>
        </mat-form-field>
        <kg-division-picker [control]="certification.controls.countyCode" />
        <mat-form-field>
          <mat-label>{{ 'qualifications.materialType' | transloco }}</mat-label>
          <mat-select formControlName="materialType">
            @for (t of materialTypes; track t) {
              <mat-option [value]="t">{{ 'verification.materialTypes.' + t | transloco }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <kg-file-uploads [label]="'verification.materials' | transloco" [(files)]="materials" />
        <div class="kg-actions">
          <button mat-flat-button type="submit" [disabled]="busy()">{{ 'qualifications.apply' | transloco }}</button>
        </div>
      </form>
    </div>
  `,
  styles: `
    .list {
      margin: 0;
      padding: 0;
      list-style: none;
      display: flex;
      flex-direction: column;
      gap: 10px;
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
      }
    }
    .when {
      color: var(--mat-sys-on-surface-variant);
    }
    q {
      width: 100%;
    }
    .ok {
      color: var(--kg-ok);
    }
    .refusal {
      color: var(--mat-sys-error);
    }
  `,
})
export class MyQualificationsPage {
  private readonly api = inject(TenancyApi);
  private readonly locale = inject(LocaleService);
  protected readonly mine = rxResource({ stream: () => this.api.myQualifications() });
  protected readonly rows = computed(() => {
    const language = this.locale.language();
    if (!this.mine.hasValue()) return [];
    const mine = this.mine.value();
    return (
      [
        ['real-name', mine.realName],
        ['engineer', mine.engineer],
        ['expert', mine.expert],
      ] as const
    ).map(([kind, q]) => ({
      ...q,
      kind,
      opinion: q.review?.opinion ?? null,
      time: q.submittedAt ? formatDateTime(q.submittedAt, language) : '',
    }));
  });
  protected readonly realName = new FormGroup({
    realName: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    idNumber: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(ID_NUMBER)] }),
    countyCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly certification = new FormGroup({
    kind: new FormControl<'engineer' | 'expert'>('engineer', { nonNullable: true }),
    skills: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    years: new FormControl<number | null>(null, { validators: [Validators.required, Validators.min(0), Validators.max(60)] }),
    countyCode: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    materialType: new FormControl<string>('qualification', { nonNullable: true }),
  });
  protected readonly materialTypes = MATERIAL_TYPES;
  protected readonly front = signal<readonly StoredBlob[]>([]);
  protected readonly back = signal<readonly StoredBlob[]>([]);
  protected readonly materials = signal<readonly StoredBlob[]>([]);
  protected readonly refusal = signal<{ which: 'realName' | 'certification'; text: string } | null>(null);
  protected readonly busy = signal(false);
  protected readonly sent = signal<'realName' | 'certification' | null>(null);

  protected applyRealName(): void {
    if (this.realName.invalid) return this.realName.markAllAsTouched();
    const v = this.realName.getRawValue();
    this.send(
      'realName',
      this.realName,
      this.api.applyForRealName({
        realName: v.realName.trim(),
        idNumber: v.idNumber.toUpperCase(),
        photos: [
          ...this.front().map((p) => ({ ...reference(p), side: 'front' as const })),
          ...this.back().map((p) => ({ ...reference(p), side: 'back' as const })),
        ],
        countyCode: v.countyCode,
      }),
    );
  }

  protected applyCertification(): void {
    if (this.certification.invalid) return this.certification.markAllAsTouched();
    const v = this.certification.getRawValue();
    const skills = v.skills
      .split(/[,，、;；]/)
      .map((s) => s.trim())
      .filter(Boolean);
    this.send(
      'certification',
      this.certification,
      this.api.applyForCertification({
        kind: v.kind,
        materials: this.materials().map((m) => ({ ...reference(m), type: v.materialType })),
        skills,
        years: Number(v.years),
        countyCode: v.countyCode,
      }),
    );
  }

  private send(which: 'realName' | 'certification', form: FormGroup, call: Observable<unknown>): void {
    this.busy.set(true);
    this.sent.set(null);
    this.refusal.set(null);
    call.subscribe({
      next: () => {
        this.busy.set(false);
        this.sent.set(which);
        this.mine.reload();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        // Rules about the whole application (photos, a real name first…) fit no field: said above it.
        const failure = formFailure(error, form, { realName: 'realName', idNumber: 'idNumber' });
        const text = failure ? [failure.message, ...failure.unplaced.map((f) => f.message)].filter(Boolean).join('; ') : '';
        this.refusal.set(text ? { which, text } : null);
      },
    });
  }
}
