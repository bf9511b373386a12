import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { formFailure } from '../../shared/forms/form-failure';
import { TenancyApi } from '../tenancy.api';
import { NodeFields } from './node-fields';
import { NODE_FIELD_ALIASES, operatorNodeForm } from './node-form';

/** 设立运营节点: opens an operator node for a division that has none. */
@Component({
  selector: 'kg-operator-node-create-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatIconModule, RouterLink, TranslocoPipe, NodeFields],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <a mat-button routerLink="/operator-network"><mat-icon>arrow_back</mat-icon>{{ 'tree.title' | transloco }}</a>
      <header>
        <h1>{{ 'nodes.create.title' | transloco }}</h1>
        <p class="kg-lead">{{ 'nodes.create.lead' | transloco: { code: division() ?? '' } }}</p>
      </header>
      <form class="kg-card kg-form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        @if (refusal()) {
          <p class="refusal" role="alert">{{ refusal() }}</p>
        }
        <kg-node-fields [form]="form" />
        <div class="kg-actions">
          <button mat-flat-button type="submit" [disabled]="busy() || !division()" data-testid="create-node-submit">
            {{ 'nodes.create.submit' | transloco }}
          </button>
        </div>
      </form>
    </div>
  `,
  styles: `
    .refusal {
      color: var(--mat-sys-error);
    }
  `,
})
export class OperatorNodeCreatePage {
  private readonly api = inject(TenancyApi);
  private readonly router = inject(Router);
  /** Query parameter: the division code the node serves. */
  readonly division = input<string>();
  protected readonly form = operatorNodeForm();
  protected readonly busy = signal(false);
  protected readonly refusal = signal<string | null>(null);

  protected submit(): void {
    const divisionCode = this.division();
    if (this.form.invalid || !divisionCode) return this.form.markAllAsTouched();
    const v = this.form.getRawValue();
    this.busy.set(true);
    this.refusal.set(null);
    this.api
      .createOperatorNode({
        divisionCode,
        name: v.name.trim(),
        principal: { name: v.principalName.trim() },
        contacts: { phone: v.contactPhone, ...(v.email.trim() ? { email: v.email.trim() } : {}) },
      })
      .subscribe({
        next: ({ id }) => void this.router.navigate(['/operator-network/nodes', id]),
        error: (error: unknown) => {
          this.busy.set(false);
          const failure = formFailure(error, this.form, NODE_FIELD_ALIASES);
          if (failure)
            this.refusal.set([failure.message, ...failure.unplaced.map((f) => `${f.field}: ${f.message}`)].filter(Boolean).join('; '));
        },
      });
  }
}
