import { Inject, Injectable } from '@nestjs/common';
import { IllegalTransition, OneTimeCodeRefused } from '@kuaige/domain';
import { Clock } from '../clock';
import { acceptTotp, generateRecoveryCodes, generateTotpSecret, base32Encode, maskMobile, otpauthUri, RECOVERY_CODE_KEY_PURPOSE } from '../crypto';
import { IDENTITY_CONFIG } from '../identity.tokens';
import type { IdentityConfig } from '../identity.config';
import { PersonalData } from '../personal-data';
import { Accounts } from './accounts';
import { SecondFactorRefused } from './auth.errors';
import { SecondFactors, type PresentedFactor } from './second-factor';
import type { Caller } from './session-control';

/** TOTP set-up, confirmation with recovery codes, and switching MFA off (ID-3). */
@Injectable()
export class TwoFactor {
  constructor(
    private readonly accounts: Accounts,
    private readonly factors: SecondFactors,
    private readonly personal: PersonalData,
    private readonly clock: Clock,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  /** A new secret, kept encrypted until confirmed with a code from the app. */
  async startTotp(caller: Caller): Promise<{ secret: string; otpauthUri: string }> {
    const account = await this.accounts.loadRegistered(caller.userId);
    if (account === null) throw new IllegalTransition('unregistered', 'StartTotpSetup');
    const secret = generateTotpSecret();
    const secretEncrypted = this.personal.encrypt(caller.userId, 'totp_secret', secret.toString('base64'));
    await this.accounts.execute(caller.userId, { type: 'StartTotpSetup', data: { secretEncrypted, at: this.now() } }, caller.ip);
    // The label shows the masked number, so the authenticator app does not store the full one.
    const label = maskMobile(this.personal.decrypt(caller.userId, 'mobile', account.mobileEncrypted));
    return { secret: base32Encode(secret, { padding: false }), otpauthUri: otpauthUri({ issuer: this.config.mfaIssuer, account: label, secret }) };
  }

  /** Turns MFA on with the first code; returns recovery codes, shown this once only. */
  async confirmTotp(caller: Caller, code: string): Promise<{ recoveryCodes: readonly string[] }> {
    const account = await this.accounts.loadRegistered(caller.userId);
    if (account === null || account.mfa.kind !== 'pending') throw new IllegalTransition(`mfa-${account?.mfa.kind ?? 'none'}`, 'ConfirmTotp');
    const secret = this.factors.secretOf(caller.userId, account.mfa.secretEncrypted);
    const step = acceptTotp(secret, code, this.clock.now(), null);
    if (step === null) throw new OneTimeCodeRefused('wrong code; check the time on your phone');
    const { codes, hashes } = generateRecoveryCodes(this.personal.macKey(RECOVERY_CODE_KEY_PURPOSE));
    await this.accounts.execute(caller.userId, { type: 'ConfirmTotp', data: { step, recoveryCodeHashes: [...hashes], at: this.now() } }, caller.ip);
    return { recoveryCodes: codes };
  }

  /** Switches MFA off; a fresh code (or recovery code) is required on top of the step-up. */
  async disable(caller: Caller, presented: PresentedFactor): Promise<void> {
    const account = await this.accounts.loadRegistered(caller.userId);
    if (account === null || account.mfa.kind !== 'totp') throw new IllegalTransition(`mfa-${account?.mfa.kind ?? 'none'}`, 'DisableMfa');
    const check = this.factors.check(account, presented);
    if (!check.ok) throw new SecondFactorRefused();
    await this.accounts.execute(caller.userId, { type: 'DisableMfa', data: { factor: check.factor, at: this.now() } }, caller.ip);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
