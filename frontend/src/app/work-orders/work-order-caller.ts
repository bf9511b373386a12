import { computed, inject } from '@angular/core';
import { AuthSession } from '../core/auth/auth-session';
import { ActiveContext } from '../core/context/active-context';
import type { Caller } from './work-order-actions';

/** The signed-in user as `availableActions` sees them, following context switches. */
export function currentCaller() {
  const context = inject(ActiveContext);
  const session = inject(AuthSession);
  return computed<Caller>(() => {
    const active = context.active();
    return {
      context: active ? { kind: active.kind, id: active.id } : null,
      userId: session.user()?.userId ?? null,
      can: (p) => context.can(p),
    };
  });
}
