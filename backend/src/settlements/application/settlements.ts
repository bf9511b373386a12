import { Injectable } from '@nestjs/common';
import {
  feeSchedule,
  feeScheduleStream,
  settlement,
  settlementStream,
  type FeeScheduleCommand,
  type FeeScheduleEvent,
  type FeeScheduleState,
  type Settlement,
  type SettlementCommand,
  type SettlementEvent,
  type SettlementState,
} from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { NotFoundInScope } from '../../tenancy/api/authorization';

export type SettlementOutcome = CommandResult<SettlementEvent, SettlementState>;
export type FeeScheduleOutcome = CommandResult<FeeScheduleEvent, FeeScheduleState>;

export const SETTLEMENT_SYSTEM_ACTOR = { userId: 'system:settlements' } as const;

/** The command side of settlements and fee schedules: events filed under the parties and the jurisdiction. */
@Injectable()
export class Settlements {
  constructor(readonly streams: AggregateStreams) {}

  async load(settlementId: string): Promise<Settlement> {
    const { state } = await this.streams.load(settlementStream(settlementId), settlement);
    if (state.status === 'none') throw new NotFoundInScope('Settlement');
    return state;
  }

  async handle(
    settlementId: string,
    command: SettlementCommand,
    context: Omit<CommandContext, 'tenantIds' | 'jurisdiction'>,
  ): Promise<SettlementOutcome> {
    const s = await this.load(settlementId);
    const tenantIds = [
      ...new Set([s.parties.equipmentUserId, s.parties.manufacturerId, s.parties.providerId].filter((t): t is string => t !== null)),
    ];
    return this.streams.handle(settlementStream(settlementId), command, settlement, {
      ...context,
      tenantIds,
      jurisdiction: [...s.jurisdiction],
    });
  }

  /** Schedules are filed under their node's jurisdiction, so that the audit trail scopes them like the rows. */
  async handleSchedule(scheduleId: string, command: FeeScheduleCommand, context: CommandContext): Promise<FeeScheduleOutcome> {
    const { state } = await this.streams.load(feeScheduleStream(scheduleId), feeSchedule);
    const jurisdiction =
      command.type === 'DraftFeeSchedule' ? command.data.jurisdiction : state.status === 'none' ? [] : state.jurisdiction;
    return this.streams.handle(feeScheduleStream(scheduleId), command, feeSchedule, { ...context, jurisdiction: [...jurisdiction] });
  }
}
