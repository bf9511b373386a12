import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import type { ErrorStateMatcher } from '@angular/material/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { catchError, debounceTime, distinctUntilChanged, map, of, startWith, switchMap } from 'rxjs';
import { AuthSession } from '../../core/auth/auth-session';
import { FieldErrorText } from '../../shared/forms/field-error';
import { formFailure } from '../../shared/forms/form-failure';
import { FAULT_TYPE_CODES, PRIORITY_CODES, catalogueLabels } from '../catalogue';
import { REQUEST_FIELDS, requestBody, requestForm } from '../forms/step-forms';
import type { Attachment, DeviceOption } from '../work-order.model';
import { WorkOrdersApi } from '../work-orders.api';
import { PhotoAttachments } from '../ui/photo-attachments';

/** 报修: the equipment user describes the fault of one of its devices, with photos. */
@Component({
  selector: 'kg-request-form-page',
  imports: [
    ReactiveFormsModule,
    MatAutocompleteModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    RouterLink,
    TranslocoPipe,
    FieldErrorText,
    PhotoAttachments,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <a mat-button routerLink="/work-orders"><mat-icon>arrow_back</mat-icon>{{ 'workOrders.list.title' | transloco }}</a>
      <header class="kg-page-head">
        <div>
          <h1>{{ 'workOrders.new.title' | transloco }}</h1>
          <p class="kg-lead">{{ 'workOrders.new.lead' | transloco }}</p>
        </div>
      </header>
      <section class="kg-card">
        <form class="kg-form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <mat-form-field>
            <mat-label>{{ 'workOrders.fields.device' | transloco }}</mat-label>
            <input
              matInput
              required
              [formControl]="deviceSearch"
              [matAutocomplete]="devicePicker"
              data-testid="device-picker"
              [errorStateMatcher]="deviceError"
              (blur)="form.controls.deviceId.markAsTouched()"
            />
            <mat-icon matSuffix>precision_manufacturing</mat-icon>
            <mat-autocomplete #devicePicker [displayWith]="deviceText" (optionSelected)="pick($event.option.value)">
              @for (d of devices(); track d._id) {
                <mat-option [value]="d">
                  <span class="kg-mono">{{ d.number }}</span> {{ d.name }} · {{ typeText(d.type) }}
                </mat-option>
              } @empty {
                <mat-option disabled>{{ 'workOrders.new.noDevice' | transloco }}</mat-option>
              }
            </mat-autocomplete>
            @if (chosen(); as d) {
              <mat-hint data-testid="chosen-device">{{ d.model }}{{ d.address ? ' · ' + d.address : '' }}</mat-hint>
            }
            <mat-error
              ><kg-field-error [control]="form.controls.deviceId" [messages]="{ required: 'workOrders.new.deviceRequired' }"
            /></mat-error>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'workOrders.fields.faultType' | transloco }}</mat-label>
            <mat-select formControlName="faultType" data-testid="fault-type">
              @for (f of faultTypes; track f) {
                <mat-option [value]="f">{{ faultText(f) }}</mat-option>
              }
            </mat-select>
            <mat-error
              ><kg-field-error [control]="form.controls.faultType" [messages]="{ required: 'workOrders.form.required' }"
            /></mat-error>
          </mat-form-field>
          <p class="label" id="priority-label">{{ 'workOrders.fields.priority' | transloco }}</p>
          <mat-button-toggle-group formControlName="priority" aria-labelledby="priority-label" class="priority" data-testid="priority">
            @for (p of priorities; track p) {
              <mat-button-toggle [value]="p">{{ priorityText(p) }}</mat-button-toggle>
            }
          </mat-button-toggle-group>
          <mat-form-field>
            <mat-label>{{ 'workOrders.new.description' | transloco }}</mat-label>
            <textarea matInput formControlName="description" rows="5" data-testid="description"></textarea>
            <mat-hint align="end">{{ form.controls.description.value.length }} / 2000</mat-hint>
            <mat-error
              ><kg-field-error
                [control]="form.controls.description"
                [messages]="{
                  required: 'workOrders.form.required',
                  pattern: 'workOrders.form.required',
                  minlength: 'workOrders.new.descriptionShort',
                  maxlength: 'workOrders.form.tooLong',
                }"
            /></mat-error>
          </mat-form-field>
          <kg-photo-attachments [label]="'workOrders.new.photos' | transloco" [(attachments)]="attachments" />
          <div class="contact">
            <mat-form-field>
              <mat-label>{{ 'workOrders.new.contactName' | transloco }}</mat-label>
              <input matInput formControlName="contactName" autocomplete="name" data-testid="contact-name" />
              <mat-error
                ><kg-field-error
                  [control]="form.controls.contactName"
                  [messages]="{
                    required: 'workOrders.form.required',
                    pattern: 'workOrders.form.required',
                    maxlength: 'workOrders.form.tooLong',
                  }"
              /></mat-error>
            </mat-form-field>
            <mat-form-field>
              <mat-label>{{ 'workOrders.new.contactPhone' | transloco }}</mat-label>
              <input matInput formControlName="contactPhone" type="tel" inputmode="tel" autocomplete="tel" data-testid="contact-phone" />
              <mat-hint>{{ 'workOrders.new.contactHint' | transloco }}</mat-hint>
              <mat-error
                ><kg-field-error
                  [control]="form.controls.contactPhone"
                  [messages]="{ required: 'workOrders.form.required', pattern: 'workOrders.new.phoneInvalid' }"
              /></mat-error>
            </mat-form-field>
          </div>
          @if (failure()) {
            <p class="failed" role="alert">{{ failure() }}</p>
          }
          <div class="kg-actions">
            <button mat-flat-button type="submit" [disabled]="sending()" data-testid="submit-request">
              <mat-icon>send</mat-icon>{{ 'workOrders.new.submit' | transloco }}
            </button>
          </div>
        </form>
      </section>
    </div>
  `,
  styles: `
    .label {
      margin: 0 0 8px;
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .priority {
      margin-bottom: 20px;
      align-self: flex-start;
    }
    .failed {
      color: var(--mat-sys-error);
    }
    .contact {
      display: flex;
      flex-wrap: wrap;
      gap: 0 12px;
    }
    .contact mat-form-field {
      flex: 1 1 200px;
    }
  `,
})
export class RequestFormPage {
  private readonly api = inject(WorkOrdersApi);
  private readonly router = inject(Router);
  /** ?device=<id>: the device a QR label or a device page opened the form for. */
  readonly device = input<string>();
  readonly channel = input<string>();
  protected readonly form = requestForm('', inject(AuthSession).user()?.displayName ?? '');
  protected readonly deviceSearch = new FormControl<string | DeviceOption>('', { nonNullable: true });
  // The field shows the search text; whether a device is chosen (or the backend refused it) is deviceId's.
  protected readonly deviceError: ErrorStateMatcher = {
    isErrorState: () => this.form.controls.deviceId.invalid && this.form.controls.deviceId.touched,
  };
  protected readonly attachments = signal<readonly Attachment[]>([]);
  protected readonly chosen = signal<DeviceOption | null>(null);
  protected readonly sending = signal(false);
  protected readonly failure = signal<string | null>(null);
  protected readonly faultTypes = FAULT_TYPE_CODES;
  protected readonly priorities = PRIORITY_CODES;
  protected readonly devices = toSignal(
    this.deviceSearch.valueChanges.pipe(
      startWith(''),
      map((v) => (typeof v === 'string' ? v.trim() : null)),
      distinctUntilChanged(),
      debounceTime(250),
      switchMap((q) =>
        q === null
          ? of(null)
          : this.api.devices(q).pipe(
              map((p) => p.items),
              catchError(() => of([])),
            ),
      ),
    ),
    { initialValue: [] },
  );
  private readonly preset = rxResource({
    params: () => this.device() || undefined,
    stream: ({ params }) => this.api.device(params),
  });

  constructor() {
    effect(() => {
      const device = this.preset.hasValue() ? this.preset.value() : null;
      if (device) untracked(() => this.pick(device));
    });
  }

  protected readonly deviceText = (d: DeviceOption | string | null): string =>
    d && typeof d === 'object' ? `${d.number} ${d.name}` : (d ?? '');
  private readonly label = catalogueLabels();
  protected readonly typeText = this.label.deviceType;
  protected readonly faultText = this.label.faultType;
  protected readonly priorityText = this.label.priority;

  protected pick(device: DeviceOption): void {
    this.chosen.set(device);
    this.deviceSearch.setValue(device, { emitEvent: false });
    this.form.controls.deviceId.setValue(device._id);
  }

  protected submit(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.sending.set(true);
    this.failure.set(null);
    const channel = this.channel() === 'qr' ? 'qr' : 'console';
    this.api.submit(requestBody(this.form, this.attachments(), channel)).subscribe({
      next: (created) => {
        this.sending.set(false);
        const id = created.workOrderId ?? created.id;
        void this.router.navigate(id ? ['/work-orders', id] : ['/work-orders']);
      },
      error: (error: unknown) => {
        this.sending.set(false);
        const failed = formFailure(error, this.form, REQUEST_FIELDS);
        // Field errors show under their fields; the rest (or the refusal itself) above the button.
        if (failed) this.failure.set(failed.unplaced.length ? failed.unplaced.map((f) => f.message).join('; ') : failed.message);
      },
    });
  }
}
