import { ClientCommand } from '../../event-sourcing/client-command';
import type { CommandContext } from '../../event-sourcing/command-context';

/**
 * The context of one step of a client's request. Accounts are not tenant data: identity events carry
 * no tenants and no jurisdiction.
 */
export const stepContext = (client: ClientCommand, step: string, actorId: string, ip: string, at: Date): CommandContext =>
  client.context(step, { userId: actorId, ip }, at);

/** For commands the product sends by itself (session activity, sessions ended with a disabled account). */
export const systemContext = (userId: string, ip: string, at: Date): CommandContext => stepContext(ClientCommand.fresh(), 'system', userId, ip, at);
