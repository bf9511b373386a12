import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { resolveAdminToken, tokensEqual } from './admin-token';

/**
 * Whether a request bears the admin token, for answers that stay public but say more to operators
 * (/health, /ready, GraphQL `platform`). The operations API refuses outright instead (AdminGuard).
 */
@Injectable()
export class AdminCredentials {
  private readonly token: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.token = resolveAdminToken(config.adminToken, config.dataDir);
  }

  /** True for `Authorization: Bearer <admin token>`; anything else (none, malformed, wrong) is false. */
  presentedIn(authorization: string | string[] | undefined): boolean {
    const match = typeof authorization === 'string' ? /^Bearer (\S+)$/.exec(authorization) : null;
    return match !== null && tokensEqual(match[1]!, this.token);
  }
}
