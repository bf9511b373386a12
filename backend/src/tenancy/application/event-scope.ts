import { jurisdictionOf } from '@kuaige/tenancy';
import type { CommandContext } from '../../event-sourcing/command-context';

// Tenancy events carry the scope of their own aggregate in their metadata (tenants, jurisdiction), set
// here from what the handler addresses, so that no caller can file an event under another scope.

/** The jurisdiction of a division code; none for a malformed code, which the decider refuses anyway. */
export const regionsOf = (code: string): string[] => {
  try {
    return jurisdictionOf(code);
  } catch {
    return [];
  }
};

export const scopedTo = (context: CommandContext, tenantIds: readonly string[], jurisdiction: readonly string[]): CommandContext => ({
  ...context,
  tenantIds: [...tenantIds],
  jurisdiction: [...jurisdiction],
});

/**
 * The context of one step of a command that writes several streams: its id derives from the command's,
 * so a retry of the command repeats each step under the same id and the step appends nothing twice.
 */
export const stepOf = (context: CommandContext, step: string): CommandContext => ({
  ...context,
  commandId: `${context.commandId}:${step}`,
  causationId: context.commandId,
});
