import { BreakpointObserver, Breakpoints } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink, RouterOutlet } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { map } from 'rxjs';
import { HttpActivity } from '../api/http-activity';
import { UserMenu } from '../auth/user-menu';
import { NavList } from '../nav/nav-list';
import { ThemeService } from '../theme/theme.service';
import { ContextSwitcher } from '../context/context-switcher';
import { LanguageMenu } from './language-menu';
import { NotificationBell } from '../../notifications/notification-bell';

/** The console frame: toolbar, global progress bar, side navigation (a drawer on phones), content. */
@Component({
  selector: 'kg-shell',
  imports: [
    MatToolbarModule,
    MatSidenavModule,
    MatButtonModule,
    MatIconModule,
    MatProgressBarModule,
    MatTooltipModule,
    RouterOutlet,
    RouterLink,
    TranslocoPipe,
    NavList,
    LanguageMenu,
    UserMenu,
    ContextSwitcher,
    NotificationBell,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell {
  protected readonly theme = inject(ThemeService);
  protected readonly busy = inject(HttpActivity).busy;
  /** Material's toolbar heights: the navigation (side or drawer) starts below the toolbar. */
  protected readonly toolbarHeight = { phone: 56, wide: 64 };
  protected readonly phone = toSignal(
    inject(BreakpointObserver)
      .observe(Breakpoints.XSmall)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
}
