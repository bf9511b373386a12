import type { ClientCommand } from '../../event-sourcing/client-command';
import type { CommandContext } from '../../event-sourcing/command-context';
import type { Caller } from '../../identity/application/session-control';
import type { Actor } from './authorization';

/** The context of one step of a tenancy request: who acts, for which enterprise or node, from where. */
export const actingContext = (client: ClientCommand, step: string, who: Actor | Caller, at: Date): CommandContext => {
  const actor = 'ability' in who ? who : null;
  return client.context(
    step,
    {
      userId: who.userId,
      ip: who.ip,
      ...(actor?.enterpriseId ? { enterpriseId: actor.enterpriseId } : {}),
      ...(actor?.operatorNode ? { operatorNodeId: actor.operatorNode.id } : {}),
    },
    at,
  );
};
