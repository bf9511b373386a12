import { inject } from '@angular/core';
import type { CanActivateFn } from '@angular/router';
import { Router } from '@angular/router';
import { SIGNED_IN_HOME } from '../auth/auth.guards';
import { ActiveContext } from './active-context';

/** A page the active context must grant one of `permissions` for; others land on their home page. */
export const requirePermission =
  (...permissions: string[]): CanActivateFn =>
  async () => {
    const context = inject(ActiveContext);
    const router = inject(Router);
    await context.whenReady();
    return permissions.some((p) => context.can(p)) ? true : router.parseUrl(SIGNED_IN_HOME);
  };
