import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { StatePanel } from '../../shared/ui/state-panel';

/** Shown for console addresses that do not exist (mistyped or outdated links). */
@Component({
  selector: 'kg-not-found',
  imports: [MatButtonModule, RouterLink, TranslocoPipe, StatePanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <kg-state-panel icon="travel_explore" [title]="'notFound.title' | transloco" [message]="'notFound.message' | transloco">
      <a mat-flat-button routerLink="/status">{{ 'notFound.home' | transloco }}</a>
    </kg-state-panel>
  `,
  styles: `
    :host {
      display: block;
      padding: 48px 16px;
    }
  `,
})
export class NotFound {}
