import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { LocaleService } from '../core/i18n/locale.service';
import { presentAdapter } from './adapter-presentation';
import { type AdapterStatus, adapterState } from './platform-status.model';
import { StatusChip } from './status-chip';

/** One adapter: what it is, which implementation, its state and the details it reports. */
@Component({
  selector: 'kg-adapter-card',
  imports: [MatIconModule, MatTooltipModule, TranslocoPipe, StatusChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'listitem', '[attr.data-adapter]': 'adapter().name', '[class]': 'state()' },
  templateUrl: './adapter-card.html',
  styleUrl: './adapter-card.scss',
})
export class AdapterCard {
  private readonly locale = inject(LocaleService);
  private readonly transloco = inject(TranslocoService);
  readonly adapter = input.required<AdapterStatus>();

  protected readonly state = computed(() => adapterState(this.adapter()));
  protected readonly view = computed(() =>
    presentAdapter(this.adapter(), this.locale.language(), (key, params) => this.transloco.translate(key, params)),
  );
}
