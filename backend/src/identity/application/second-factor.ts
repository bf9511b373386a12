import { Injectable } from '@nestjs/common';
import type { RegisteredAccount, SecondFactor } from '@kuaige/domain';
import { Clock } from '../clock';
import { acceptTotp, consumeRecoveryCode, RECOVERY_CODE_KEY_PURPOSE, verifyTotp } from '../crypto';
import { PersonalData } from '../personal-data';

/** What a person typed as second factor. */
export interface PresentedFactor {
  readonly code?: string;
  readonly recoveryCode?: string;
}

export type FactorCheck = { readonly ok: true; readonly factor: SecondFactor } | { readonly ok: false; readonly reason: 'wrong-second-factor' | 'second-factor-replayed' };

/** Checks TOTP and recovery codes against an account; spending them is the domain's (once only). */
@Injectable()
export class SecondFactors {
  constructor(
    private readonly personal: PersonalData,
    private readonly clock: Clock,
  ) {}

  check(account: RegisteredAccount, presented: PresentedFactor): FactorCheck {
    const mfa = account.mfa;
    if (mfa.kind !== 'totp') return { ok: false, reason: 'wrong-second-factor' };
    if (presented.recoveryCode !== undefined) {
      const used = consumeRecoveryCode(this.personal.macKey(RECOVERY_CODE_KEY_PURPOSE), presented.recoveryCode, mfa.recoveryCodes);
      return used ? { ok: true, factor: { kind: 'recovery-code', index: used.index } } : { ok: false, reason: 'wrong-second-factor' };
    }
    const secret = this.secretOf(account.userId, mfa.secretEncrypted);
    const now = this.clock.now();
    const step = acceptTotp(secret, presented.code ?? '', now, mfa.lastAcceptedStep);
    if (step !== null) return { ok: true, factor: { kind: 'totp', step } };
    // Right code, already used: recorded as a replay, which may mean the code was seen by someone else.
    return { ok: false, reason: verifyTotp(secret, presented.code ?? '', now) !== null ? 'second-factor-replayed' : 'wrong-second-factor' };
  }

  secretOf(userId: string, secretEncrypted: string): Buffer {
    return Buffer.from(this.personal.decrypt(userId, 'totp_secret', secretEncrypted), 'base64');
  }
}
