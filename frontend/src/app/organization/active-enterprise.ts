import { computed, inject } from '@angular/core';
import { ActiveContext } from '../core/context/active-context';

/** The enterprise the user acts for, or null while acting for an operator node (or for nobody). */
export function activeEnterpriseId() {
  const context = inject(ActiveContext);
  return computed(() => {
    const active = context.active();
    return active?.kind === 'enterprise' ? active.id : null;
  });
}
