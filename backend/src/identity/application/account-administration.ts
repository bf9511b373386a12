import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../clock';
import { DisableAccount } from './account.commands';
import { Accounts } from './accounts';
import { stepContext } from './command-context';
import { SessionControl } from './session-control';

/** Operations disable an account: it cannot sign in or act, and every session it has ends. */
export class DisableAccountByOperations extends Command<{ userId: string; endedSessions: number } | null> {
  constructor(
    readonly userId: string,
    readonly reason: string,
    readonly ip: string,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

/** Null when there is no such account. */
@CommandHandler(DisableAccountByOperations)
export class DisableAccountByOperationsHandler implements ICommandHandler<DisableAccountByOperations, { userId: string; endedSessions: number } | null> {
  constructor(
    private readonly bus: CommandBus,
    private readonly accounts: Accounts,
    private readonly sessions: SessionControl,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, reason, ip, client }: DisableAccountByOperations) {
    if ((await this.accounts.loadRegistered(userId)) === null) return null;
    const now = this.clock.now();
    await this.bus.execute(new DisableAccount(userId, { reason, at: now.toISOString() }, stepContext(client, 'disable', 'operations', ip, now)));
    return { userId, endedSessions: await this.sessions.endAll(userId, 'disabled', ip, client) };
  }
}
