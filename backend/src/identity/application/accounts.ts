import { Injectable } from '@nestjs/common';
import { account, accountStream, mobileNumber, mobileNumberStream, type AccountState, type RegisteredAccount } from '@kuaige/domain';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';

/** Reads account streams; finds an account by its mobile number's blind index. */
@Injectable()
export class Accounts {
  constructor(private readonly streams: AggregateStreams) {}

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

  /** What an earlier handling of the step `context` names recorded on the account, or null. */
  async handledBefore(userId: string, context: CommandContext) {
    return (await this.streams.earlier(accountStream(userId), account, context))?.events ?? null;
  }
}
