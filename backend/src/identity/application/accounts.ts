import { Injectable } from '@nestjs/common';
import {
  account,
  accountStream,
  mobileNumber,
  mobileNumberStream,
  type AccountCommand,
  type AccountState,
  type RegisteredAccount,
} from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import { Clock } from '../clock';
import { systemContext } from './command-context';

/** Reads and writes account streams; finds an account by its mobile number's blind index. */
@Injectable()
export class Accounts {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly clock: Clock,
  ) {}

  /** The user holding a number (read from its claim stream: strongly consistent, unlike a read model). */
  async userIdByMobileIndex(mobileIndex: string): Promise<string | null> {
    return (await this.streams.load(mobileNumberStream(mobileIndex), mobileNumber)).state.userId;
  }

  async load(userId: string): Promise<AccountState> {
    return (await this.streams.load(accountStream(userId), account)).state;
  }

  async loadRegistered(userId: string): Promise<RegisteredAccount | null> {
    const state = await this.load(userId);
    return state.status === 'unregistered' ? null : state;
  }

  execute(userId: string, command: AccountCommand, ip: string, actorId = userId): Promise<CommandResult> {
    return this.streams.handle(accountStream(userId), command, account, systemContext(actorId, ip, this.clock.now()));
  }
}
