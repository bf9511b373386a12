import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  contactDataErasure,
  contactDataErasureStream,
  type ContactDataErasureCommand,
  type ContactDataErasureEvent,
  type ContactDataErasureState,
  personalDataErasure,
  personalDataErasureStream,
  type ErasureRequester, type PersonalDataErasureCommand, type PersonalDataErasureEvent, type PersonalDataErasureState } from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { ClientCommand } from '../../event-sourcing/client-command';
import type { CommandContext } from '../../event-sourcing/command-context';
import { Clock } from '../clock';
import { PersonalData } from '../personal-data';
import { DisableAccount } from './account.commands';
import { Accounts } from './accounts';
import { stepContext } from './command-context';
import { ReleaseMobileNumber } from './mobile-number.commands';
import { SessionControl } from './session-control';

// ---- Erasure of an account holder's personal data (PIPL art. 47; crypto-shredding, ADR 0017) -----
// Steps, each retry-safe under the request's key: the audit record (PersonalDataErased, with the
// actor and address in its metadata), the account disabled and its number released, its sessions
// ended, and last the person's data key destroyed — after that nothing written under it can be read.

type ErasureData = Extract<PersonalDataErasureCommand, { type: 'ErasePersonalData' }>['data'];

/** The domain command on `PersonalDataErasure-<userId>`. */
export class ErasePersonalData extends Command<CommandResult<PersonalDataErasureEvent, PersonalDataErasureState>> {
  constructor(
    readonly data: ErasureData,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ErasePersonalData)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalData> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(c: ErasePersonalData) {
    return this.streams.handle(personalDataErasureStream(c.data.userId), { type: 'ErasePersonalData', data: c.data }, personalDataErasure, c.context);
  }
}

export interface ErasureOutcome {
  readonly userId: string;
  readonly erasedAt: string;
  readonly endedSessions: number;
}

/** Erase the personal data of an account: asked by its holder (self) or by operations (with a reason). Null: no such account. */
export class ErasePersonalDataOfAccount extends Command<ErasureOutcome | null> {
  constructor(
    readonly userId: string,
    readonly requestedBy: ErasureRequester,
    readonly reason: string,
    /** Who asks: the holder's user id, or `operations` for the admin token. */
    readonly actorId: string,
    readonly ip: string,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(ErasePersonalDataOfAccount)
export class ErasePersonalDataOfAccountHandler implements ICommandHandler<ErasePersonalDataOfAccount, ErasureOutcome | null> {
  constructor(
    private readonly bus: CommandBus,
    private readonly accounts: Accounts,
    private readonly sessions: SessionControl,
    private readonly personal: PersonalData,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, requestedBy, reason, actorId, ip, client }: ErasePersonalDataOfAccount): Promise<ErasureOutcome | null> {
    const account = await this.accounts.loadRegistered(userId);
    if (account === null) return null;
    const now = this.clock.now();
    const step = (name: string) => stepContext(client, name, actorId, ip, now);
    const recorded = await this.bus.execute(new ErasePersonalData({ userId, requestedBy, reason, at: now.toISOString() }, step('erasure')));
    const erasedAt = recorded.state.erasedAt ?? now.toISOString();
    await this.bus.execute(new DisableAccount(userId, { reason: 'personal data erased', at: now.toISOString() }, step('disable')));
    // The number may register again: nothing links it to this account any more but the blind index.
    await this.bus.execute(new ReleaseMobileNumber(account.mobileIndex, { userId, at: now.toISOString() }, step('release-number')));
    const endedSessions = await this.sessions.endAll(userId, 'disabled', ip, client);
    this.personal.erase(userId, now);
    return { userId, erasedAt, endedSessions };
  }
}

type ContactErasureData = Extract<ContactDataErasureCommand, { type: 'EraseContactData' }>['data'];

/** The domain command on `ContactDataErasure-<ref>`. */
export class EraseContactData extends Command<CommandResult<ContactDataErasureEvent, ContactDataErasureState>> {
  constructor(
    readonly data: ContactErasureData,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(EraseContactData)
export class EraseContactDataHandler implements ICommandHandler<EraseContactData> {
  constructor(private readonly streams: AggregateStreams) {}
  execute(c: EraseContactData) {
    return this.streams.handle(contactDataErasureStream(c.data.ref), { type: 'EraseContactData', data: c.data }, contactDataErasure, c.context);
  }
}

export interface ContactErasureOutcome {
  /** Data subjects (one per enterprise that recorded the number) whose key this request destroyed. */
  readonly erasedSubjects: number;
  readonly erasedAt: string;
}

/**
 * Erase the data of a contact who is no account, by mobile number (operations, with a reason): the
 * audit record first, then every subject's key — in the log their work orders' contacts stay
 * ciphertext, shown as 已删除.
 */
export class EraseContactPersonalData extends Command<ContactErasureOutcome> {
  constructor(
    readonly phone: string,
    readonly reason: string,
    readonly ip: string,
    readonly client: ClientCommand,
  ) {
    super();
  }
}

@CommandHandler(EraseContactPersonalData)
export class EraseContactPersonalDataHandler implements ICommandHandler<EraseContactPersonalData, ContactErasureOutcome> {
  constructor(
    private readonly bus: CommandBus,
    private readonly personal: PersonalData,
    private readonly clock: Clock,
  ) {}

  async execute({ phone, reason, ip, client }: EraseContactPersonalData): Promise<ContactErasureOutcome> {
    const now = this.clock.now();
    const subjects = this.personal.contactSubjectsOf(phone);
    const ref = this.personal.contactErasureRef(phone);
    const recorded = await this.bus.execute(new EraseContactData({ ref, subjects, reason, at: now.toISOString() }, stepContext(client, 'contact-erasure', 'operations', ip, now)));
    // A retry finds the first answer's record; keys a crashed earlier request left are destroyed too.
    const record = recorded.events[0]?.data;
    this.personal.eraseContactSubjects([...new Set([...subjects, ...(record?.subjects ?? [])])], now);
    return { erasedSubjects: record?.subjects.length ?? 0, erasedAt: record?.at ?? now.toISOString() };
  }
}

export const PERSONAL_DATA_ERASURE_HANDLERS = [
  ErasePersonalDataHandler,
  ErasePersonalDataOfAccountHandler,
  EraseContactDataHandler,
  EraseContactPersonalDataHandler,
];
