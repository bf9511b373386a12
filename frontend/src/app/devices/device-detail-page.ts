import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { DomSanitizer, type SafeUrl } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Observable } from 'rxjs';
import { ActiveContext } from '../core/context/active-context';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { BlobPreview } from '../tenancy/blob-preview';
import { warrantyState } from './device-logic';
import { DevicesApi } from './devices.api';
import { OPERATING_STATUSES, type Device } from './devices.model';

/** The HTML page printed for a label: the SVG alone, at its own size (60 × 40 mm). */
export function labelPrintPage(svg: string, title: string): string {
  const safeTitle = title.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
  const body = svg.replace(/^<\?xml[^>]*>\s*/, '');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${safeTitle}</title><style>@page{size:60mm 40mm;margin:0}html,body{margin:0}svg{display:block;width:60mm;height:40mm}</style></head><body>${body}</body></html>`;
}

/** 设备详情: facts, photos, warranty, QR label, and what its holders may do. */
@Component({
  selector: 'kg-device-detail-page',
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatSlideToggleModule,
    RouterLink,
    TranslocoPipe,
    BlobPreview,
    LoadingPanel,
    StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <a mat-button routerLink="/devices"><mat-icon>arrow_back</mat-icon>{{ 'devices.back' | transloco }}</a>
      @if (device.error()) {
        <kg-state-panel tone="error" icon="search_off" [title]="'devices.notFound' | transloco" [message]="'devices.notFoundHint' | transloco">
          <a mat-flat-button routerLink="/devices">{{ 'devices.back' | transloco }}</a>
        </kg-state-panel>
      } @else if (!device.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        @let d = device.value();
        <header class="kg-page-head">
          <div>
            <h1 data-testid="device-name">{{ d.name }}</h1>
            <p class="kg-lead">
              <span class="kg-mono">{{ d.number }}</span> · {{ d.model }} · {{ 'devices.types.' + d.type | transloco }} ·
              <span [class]="'kg-chip ' + statusTone(d.status)">{{ 'devices.statuses.' + d.status | transloco }}</span>
            </p>
          </div>
          <div class="kg-actions">
            <a mat-stroked-button [routerLink]="['/work-orders']" [queryParams]="{ deviceId: d.id }" data-testid="device-work-orders">
              <mat-icon>assignment</mat-icon>{{ 'devices.workOrders' | transloco }}
            </a>
            @if (d.status !== 'scrapped') {
              <a mat-flat-button [routerLink]="['/work-orders/new']" [queryParams]="{ device: d.id }"><mat-icon>build</mat-icon>{{ 'devices.requestService' | transloco }}</a>
            }
            @if (canUpdate() && d.status !== 'scrapped') {
              <a mat-stroked-button [routerLink]="['/devices', d.id, 'edit']" data-testid="edit-device"><mat-icon>edit</mat-icon>{{ 'devices.edit' | transloco }}</a>
              <button mat-stroked-button [matMenuTriggerFor]="statusMenu"><mat-icon>swap_horiz</mat-icon>{{ 'devices.changeStatus' | transloco }}</button>
              <mat-menu #statusMenu="matMenu">
                @for (s of operatingStatuses; track s) {
                  <button mat-menu-item [disabled]="s === d.status" (click)="run(api.setStatus(d.id, s))">{{ 'devices.statuses.' + s | transloco }}</button>
                }
              </mat-menu>
            }
          </div>
        </header>
        @if (failure()) {
          <p class="refusal kg-card" role="alert">{{ failure() }}</p>
        }

        <section class="kg-card">
          <h2><mat-icon aria-hidden="true">info</mat-icon>{{ 'devices.facts' | transloco }}</h2>
          <dl class="kg-facts">
            <div><dt>{{ 'devices.fields.project' | transloco }}</dt><dd>{{ d.project ?? '—' }}</dd></div>
            <div><dt>{{ 'devices.fields.spec' | transloco }}</dt><dd>{{ d.spec || '—' }}</dd></div>
            <div><dt>{{ 'devices.fields.manufacturedOn' | transloco }}</dt><dd>{{ d.manufacturedOn ?? '—' }}</dd></div>
            <div><dt>{{ 'devices.fields.soldOn' | transloco }}</dt><dd>{{ d.soldOn ?? '—' }}</dd></div>
            <div><dt>{{ 'devices.fields.address' | transloco }}</dt><dd>{{ d.address }} <span class="kg-mono sub">({{ d.countyCode }})</span></dd></div>
            <div>
              <dt>{{ 'devices.fields.coordinates' | transloco }}</dt>
              <dd>{{ d.lat !== null && d.lng !== null ? d.lat + ', ' + d.lng : '—' }}</dd>
            </div>
          </dl>
          @if (d.parameters.length) {
            <h3>{{ 'devices.fields.parameters' | transloco }}</h3>
            <dl class="kg-facts">
              @for (p of d.parameters; track p.name) {
                <div><dt>{{ p.name }}</dt><dd>{{ p.value }} {{ p.unit }}</dd></div>
              }
            </dl>
          }
        </section>

        <section class="kg-card" data-testid="warranty">
          <h2><mat-icon aria-hidden="true">verified</mat-icon>{{ 'devices.fields.warranty' | transloco }}</h2>
          @switch (warranty(d.warrantyDaysLeft)) {
            @case ('none') {
              <p>{{ 'devices.warranty.notStartedHint' | transloco: { months: d.warrantyMonths } }}</p>
            }
            @default {
              <div class="warranty" [class]="'warranty ' + warranty(d.warrantyDaysLeft)">
                <span class="days">{{ abs(d.warrantyDaysLeft!) }}</span>
                <span>{{ (d.warrantyDaysLeft! < 0 ? 'devices.warranty.daysAgo' : 'devices.warranty.daysRemaining') | transloco }}</span>
              </div>
              <p>{{ 'devices.warranty.summary' | transloco: { months: d.warrantyMonths, soldOn: d.soldOn, endsOn: d.warrantyEndsOn } }}</p>
            }
          }
        </section>

        @if (d.images.length) {
          <section class="kg-card">
            <h2><mat-icon aria-hidden="true">photo_library</mat-icon>{{ 'devices.fields.images' | transloco }}</h2>
            <div class="images">
              @for (i of d.images; track i.blobId; let n = $index) {
                <kg-blob-preview [blobId]="i.blobId" [mediaType]="i.mediaType" [label]="('devices.imageN' | transloco: { n: n + 1 })" />
              }
            </div>
          </section>
        }

        <section class="kg-card" data-testid="qr-label">
          <h2><mat-icon aria-hidden="true">qr_code_2</mat-icon>{{ 'devices.label.title' | transloco }}</h2>
          <p class="kg-lead">{{ 'devices.label.hint' | transloco }}</p>
          @if (labelUrl(); as src) {
            <img class="label" [src]="src" [alt]="'devices.label.alt' | transloco: { name: d.name }" />
          } @else if (labelFailed()) {
            <kg-state-panel tone="error" icon="broken_image" [title]="'devices.label.failed' | transloco" />
          } @else {
            <kg-loading-panel [label]="'common.loading' | transloco" />
          }
          <div class="kg-actions">
            <button mat-flat-button (click)="print(d)" [disabled]="!labelSvg()" data-testid="print-label"><mat-icon>print</mat-icon>{{ 'devices.label.print' | transloco }}</button>
            @if (canUpdate() && d.status !== 'scrapped') {
              <mat-slide-toggle [checked]="d.publicRequests" (change)="run(api.update(d.id, { publicRequests: $event.checked }))" data-testid="public-requests">
                {{ 'devices.publicRequests' | transloco }}
              </mat-slide-toggle>
            }
          </div>
          <p class="sub">{{ (d.publicRequests ? 'devices.publicOn' : 'devices.publicOff') | transloco }}</p>
        </section>

        @if (canUpdate() && d.status !== 'scrapped') {
          <section class="kg-card">
            <h2><mat-icon aria-hidden="true">handshake</mat-icon>{{ 'devices.sale.title' | transloco }}</h2>
            @if (d.ownerId) {
              <p>{{ 'devices.sale.soldTo' | transloco: { soldOn: d.soldOn } }} <span class="kg-mono">{{ d.ownerId }}</span></p>
            } @else {
              <p class="kg-lead">{{ 'devices.sale.hint' | transloco }}</p>
              <div class="kg-filters">
                <mat-form-field>
                  <mat-label>{{ 'devices.sale.ownerId' | transloco }}</mat-label>
                  <input matInput [(ngModel)]="saleOwner" data-testid="sale-owner" />
                </mat-form-field>
                <mat-form-field>
                  <mat-label>{{ 'devices.fields.soldOn' | transloco }}</mat-label>
                  <input matInput type="date" [(ngModel)]="saleDate" />
                </mat-form-field>
              </div>
              <button mat-stroked-button [disabled]="!saleOwner || !saleDate" (click)="run(api.sell(d.id, saleOwner.trim(), saleDate))">{{ 'devices.sale.record' | transloco }}</button>
            }
          </section>
          @if (canDelete()) {
            <section class="kg-card">
              <h2><mat-icon aria-hidden="true">delete_forever</mat-icon>{{ 'devices.retire.title' | transloco }}</h2>
              <p class="kg-lead">{{ 'devices.retire.hint' | transloco }}</p>
              <div class="kg-filters">
                <mat-form-field>
                  <mat-label>{{ 'devices.retire.reason' | transloco }}</mat-label>
                  <input matInput [(ngModel)]="retireReason" maxlength="500" />
                </mat-form-field>
              </div>
              <button mat-stroked-button [disabled]="!retireReason.trim()" (click)="run(api.retire(d.id, retireReason.trim()))">{{ 'devices.retire.confirm' | transloco }}</button>
            </section>
          }
        }
      }
    </div>
  `,
  styles: `
    .sub {
      color: var(--mat-sys-on-surface-variant);
    }
    h3 {
      margin: 16px 0 8px;
      font: var(--mat-sys-title-small);
    }
    .images {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
    }
    .label {
      display: block;
      width: min(100%, 360px);
      aspect-ratio: 3 / 2;
      margin: 8px 0 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-small);
      background: #fff;
    }
    .warranty {
      display: flex;
      align-items: baseline;
      gap: 8px;
    }
    .warranty .days {
      font: var(--mat-sys-display-small);
    }
    .warranty.ending .days {
      color: var(--kg-on-warn-container);
    }
    .warranty.expired .days {
      color: var(--mat-sys-error);
    }
    .refusal {
      color: var(--mat-sys-error);
    }
  `,
})
export class DeviceDetailPage {
  protected readonly api = inject(DevicesApi);
  private readonly context = inject(ActiveContext);
  private readonly sanitizer = inject(DomSanitizer);
  readonly id = input.required<string>();
  protected readonly device = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.device(params) });
  protected readonly canUpdate = computed(() => this.context.can('device:update'));
  protected readonly canDelete = computed(() => this.context.can('device:delete'));
  protected readonly operatingStatuses = OPERATING_STATUSES;
  protected readonly warranty = warrantyState;
  protected readonly abs = Math.abs;
  protected readonly labelUrl = signal<SafeUrl | null>(null);
  protected readonly labelSvg = signal<string | null>(null);
  protected readonly labelFailed = signal(false);
  protected readonly failure = signal<string | null>(null);
  protected saleOwner = '';
  protected saleDate = '';
  protected retireReason = '';
  private objectUrl: string | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.objectUrl && URL.revokeObjectURL(this.objectUrl));
    effect(() => {
      const id = this.id();
      this.labelFailed.set(false);
      this.api.label(id).subscribe({
        next: async (blob) => {
          if (this.objectUrl) URL.revokeObjectURL(this.objectUrl);
          this.objectUrl = URL.createObjectURL(blob);
          this.labelUrl.set(this.sanitizer.bypassSecurityTrustUrl(this.objectUrl));
          this.labelSvg.set(await blob.text());
        },
        error: () => this.labelFailed.set(true),
      });
    });
  }

  protected statusTone(status: string): string {
    return status === 'active' ? 'ok' : status === 'faulty' ? 'down' : status === 'idle' ? 'warn' : '';
  }

  protected print(d: Device): void {
    const svg = this.labelSvg();
    const win = svg ? window.open('', '_blank', 'noopener=no,width=480,height=360') : null;
    if (!svg || !win) return;
    win.document.write(labelPrintPage(svg, `${d.number} ${d.name}`));
    win.document.close();
    win.focus();
    win.print();
  }

  protected run(call: Observable<unknown>): void {
    this.failure.set(null);
    call.subscribe({
      next: () => this.device.reload(),
      error: (error: { error?: { message?: string } }) => this.failure.set(error.error?.message ?? null),
    });
  }
}
