import type { CommandContext } from '../../event-sourcing/command-context';

/** Accounts are not tenant data: identity events carry no tenants and no jurisdiction. */
export const systemContext = (userId: string, ip: string, at: Date): CommandContext => ({
  actor: { userId, ip },
  tenantIds: [],
  jurisdiction: [],
  at,
});
