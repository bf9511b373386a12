import { Injectable, Logger } from '@nestjs/common';
import type { PayoutMethod } from '@kuaige/domain';

// ---- The payment port for expert payouts -----------------------------------------------------------
// A real provider (a bank's or a wallet's payout API) goes behind this port; the default is the
// development sink, which sends nothing and records what it would have sent.

export const EXPERT_PAYOUT_PROVIDER = Symbol('EXPERT_PAYOUT_PROVIDER');

export interface PayoutInstruction {
  /** The withdrawal id: a provider must treat a repeated instruction with the same id as one transfer. */
  readonly withdrawalId: string;
  readonly expertId: string;
  readonly amountFen: number;
  readonly method: PayoutMethod;
  readonly accountName: string;
  readonly accountNumber: string;
}

export interface PayoutProvider {
  readonly name: string;
  /** Transfers the amount (idempotent by withdrawal id) and answers the provider's reference. */
  send(instruction: PayoutInstruction): Promise<{ readonly reference: string }>;
}

/** Records each instruction (the account number masked in the log) and answers a stable reference. */
@Injectable()
export class DevelopmentPayoutSink implements PayoutProvider {
  readonly name = 'development-sink';
  readonly #sent = new Map<string, PayoutInstruction>();
  readonly #log = new Logger('DevelopmentPayoutSink');

  async send(instruction: PayoutInstruction): Promise<{ reference: string }> {
    if (!this.#sent.has(instruction.withdrawalId)) {
      this.#sent.set(instruction.withdrawalId, instruction);
      this.#log.log(`would pay ${instruction.amountFen} fen by ${instruction.method} to ${instruction.accountName} (…${instruction.accountNumber.slice(-4)}) for withdrawal ${instruction.withdrawalId}`);
    }
    return { reference: `dev-${instruction.withdrawalId}` };
  }

  /** What it would have sent, once per withdrawal. */
  sent(): PayoutInstruction[] {
    return [...this.#sent.values()];
  }
}
