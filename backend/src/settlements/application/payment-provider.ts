import { Injectable } from '@nestjs/common';

// ---- The payment port: how a settlement's payment leaves the product -------------------------------
// Production plugs a bank or payment gateway behind this interface. The development sink sends nothing:
// it records what it would have sent, answers a reference, and shows its records to operators
// (GET /api/v1/ledger/payment-sink). A payment id sent twice (a retried request) is recorded once.

export const PAYMENT_PROVIDER = Symbol('PAYMENT_PROVIDER');

export interface PaymentInstruction {
  /** Derived from the request's command id: the same request sends the same id. */
  readonly paymentId: string;
  readonly settlementId: string;
  readonly workOrderNumber: string;
  readonly payerEnterpriseId: string;
  readonly amountFen: number;
  readonly method: string;
  readonly memo: string;
}

export interface PaymentProvider {
  readonly name: string;
  /** Sends the instruction (at most once per paymentId) and answers the provider's reference. */
  send(instruction: PaymentInstruction): Promise<{ readonly reference: string }>;
}

export interface SentPayment extends PaymentInstruction {
  readonly reference: string;
  readonly provider: string;
  readonly sentAt: string;
}

@Injectable()
export class DevelopmentPaymentSink implements PaymentProvider {
  readonly name = 'development-sink';
  private readonly sent = new Map<string, SentPayment>();

  send(instruction: PaymentInstruction): Promise<{ reference: string }> {
    const earlier = this.sent.get(instruction.paymentId);
    if (earlier) return Promise.resolve({ reference: earlier.reference });
    const reference = `DEV-${instruction.paymentId.slice(0, 8).toUpperCase()}`;
    this.sent.set(instruction.paymentId, { ...instruction, reference, provider: this.name, sentAt: new Date().toISOString() });
    return Promise.resolve({ reference });
  }

  /** What the sink would have sent, newest first. */
  records(): SentPayment[] {
    return [...this.sent.values()].reverse();
  }
}
