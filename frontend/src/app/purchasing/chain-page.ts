import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormArray, FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { TranslocoPipe } from '@jsverse/transloco';
import { ActiveContext } from '../core/context/active-context';
import { fenOf, yuan } from '../inventory/inventory.model';
import { formFailure, type FormFailure } from '../shared/forms/form-failure';
import { LoadingPanel } from '../shared/ui/loading-panel';
import { StatePanel } from '../shared/ui/state-panel';
import { PurchasingApi } from './purchasing.api';
import { BUILT_IN_ROLE_KEYS, rolesOf, type ApprovalChain } from './purchasing.model';

type BandForm = FormGroup<{ upTo: FormControl<string>; levels: FormArray<FormControl<string>> }>;

/** 审批链: amount bands (yuan) and the roles of each level; the last band takes every larger amount. */
@Component({
  selector: 'kg-chain-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    TranslocoPipe,
    LoadingPanel,
    StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="kg-card">
      <h2><mat-icon aria-hidden="true">account_tree</mat-icon>{{ 'purchasing.chain.title' | transloco }}</h2>
      <p class="kg-lead">{{ 'purchasing.chain.lead' | transloco }}</p>
      @if (chain.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.loadFailed' | transloco">
          <button mat-flat-button (click)="chain.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!chain.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        <ol data-testid="chain">
          @for (b of chain.value().bands; track $index) {
            <li>
              {{ (b.upToFen === null ? 'purchasing.chain.above' : 'purchasing.chain.upTo') | transloco: { amount: yuan(b.upToFen) } }}:
              @for (l of b.levels; track l.level) {
                <span class="kg-chip"
                  >{{ 'purchasing.requests.level' | transloco: { level: l.level } }} ·
                  @for (role of l.roles; track role; let last = $last) {
                    {{ builtIn.includes(role) ? ('purchasing.roles.' + role | transloco) : role }}
                    @if (!last) {
                      /
                    }
                  }
                </span>
              }
            </li>
          }
        </ol>
        @if (!chain.value().configured) {
          <p class="kg-lead">{{ 'purchasing.chain.default' | transloco }}</p>
        }
        @if (canEdit()) {
          <form [formGroup]="chainForm" (ngSubmit)="save()" data-testid="chain-form">
            @for (band of bands.controls; track $index; let b = $index; let last = $last) {
              <fieldset class="kg-band">
                <legend>{{ 'purchasing.chain.band' | transloco: { n: b + 1 } }}</legend>
                @if (!last) {
                  <mat-form-field>
                    <mat-label>{{ 'purchasing.chain.upToLabel' | transloco }}</mat-label>
                    <input matInput inputmode="decimal" [formControl]="band.controls.upTo" [attr.data-testid]="'band-upto-' + b" />
                    <span matTextPrefix>¥&nbsp;</span>
                  </mat-form-field>
                } @else {
                  <p>{{ 'purchasing.chain.lastBand' | transloco }}</p>
                }
                @for (level of band.controls.levels.controls; track $index; let l = $index) {
                  <mat-form-field>
                    <mat-label>{{ 'purchasing.chain.rolesOf' | transloco: { level: l + 1 } }}</mat-label>
                    <input matInput [formControl]="level" [attr.data-testid]="'band-' + b + '-level-' + l" />
                  </mat-form-field>
                }
                <button mat-button type="button" (click)="addLevel(band)" [disabled]="band.controls.levels.length >= 3">
                  {{ 'purchasing.chain.addLevel' | transloco }}
                </button>
              </fieldset>
            }
            <div class="kg-actions">
              <button mat-button type="button" (click)="addBand()" [disabled]="bands.length >= 5" data-testid="chain-add-band">
                {{ 'purchasing.chain.addBand' | transloco }}
              </button>
              <button mat-flat-button type="submit" [disabled]="busy()" data-testid="chain-submit">
                {{ 'purchasing.chain.save' | transloco }}
              </button>
            </div>
          </form>
          @if (failure(); as f) {
            <kg-state-panel
              tone="error"
              icon="error"
              [title]="'purchasing.refused' | transloco"
              [message]="f.message ?? ''"
              data-testid="chain-refused"
            />
          }
        }
      }
    </section>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .kg-band {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      margin-block: 12px;
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
  `,
})
export class ChainPage {
  private readonly api = inject(PurchasingApi);
  private readonly context = inject(ActiveContext);
  protected readonly yuan = yuan;
  protected readonly builtIn = BUILT_IN_ROLE_KEYS;
  protected readonly canEdit = computed(() => this.context.can('enterprise:update'));
  protected readonly chain = rxResource({ stream: () => this.api.chain() });
  protected readonly bands = new FormArray<BandForm>([]);
  protected readonly chainForm = new FormGroup({ bands: this.bands });
  protected readonly busy = signal(false);
  protected readonly failure = signal<FormFailure | null>(null);

  constructor() {
    effect(() => {
      if (this.chain.hasValue()) this.fill(this.chain.value());
    });
  }

  private band(upToFen: number | null, levels: readonly (readonly string[])[]): BandForm {
    return new FormGroup({
      upTo: new FormControl(upToFen === null ? '' : yuan(upToFen).replace(/[¥,]/g, ''), { nonNullable: true }),
      levels: new FormArray(
        levels.map((roles) => new FormControl(roles.join(', '), { nonNullable: true, validators: [Validators.required] })),
      ),
    });
  }

  private fill(chain: ApprovalChain): void {
    this.bands.clear();
    for (const b of chain.bands)
      this.bands.push(
        this.band(
          b.upToFen,
          b.levels.map((l) => l.roles),
        ),
      );
  }

  protected addBand(): void {
    this.bands.insert(this.bands.length - 1, this.band(null, [['warehouse-manager']]));
  }

  protected addLevel(band: BandForm): void {
    band.controls.levels.push(new FormControl('admin', { nonNullable: true, validators: [Validators.required] }));
  }

  protected save(): void {
    const bands = this.bands.controls.map((b, i) => ({
      upToFen: i === this.bands.length - 1 ? null : fenOf(b.controls.upTo.value),
      levels: b.controls.levels.controls.map((l) => ({ roles: rolesOf(l.value) })),
    }));
    this.busy.set(true);
    this.failure.set(null);
    this.api.configureChain(bands).subscribe({
      next: () => {
        this.busy.set(false);
        this.chain.reload();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.failure.set(formFailure(error, null));
      },
    });
  }
}
