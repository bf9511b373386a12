import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { StatePanel } from '../shared/ui/state-panel';

/** Shown by enterprise pages while the user acts for no enterprise (an operator node, or none yet). */
@Component({
  selector: 'kg-no-enterprise',
  imports: [TranslocoPipe, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<kg-state-panel icon="domain" [title]="'org.noEnterprise' | transloco" [message]="'org.noEnterpriseHint' | transloco" />`,
})
export class NoEnterprise {}
