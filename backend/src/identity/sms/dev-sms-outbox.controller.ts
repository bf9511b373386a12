import { Controller, Get, Inject, Injectable, NotFoundException, UseGuards, type CanActivate } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AdminGuard } from '../../admin/admin.guard';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { maskMobile } from '../crypto';
import { SMS_SENDER } from '../identity.tokens';
import { DevelopmentSmsOutbox } from './development-sms-outbox';
import type { SmsSender } from './sms-sender.port';
import { Access } from '../../http/access';

/** 404 before anything else where there is no outbox, so that production does not even hint at one. */
@Injectable()
export class DevOutboxPresentGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SMS_SENDER) private readonly sender: SmsSender,
  ) {}

  canActivate(): boolean {
    if (this.config.nodeEnv === 'production' || !(this.sender instanceof DevelopmentSmsOutbox)) throw new NotFoundException();
    return true;
  }
}

/**
 * The development SMS outbox, for the console and tests. Its codes can reset any password, so only
 * the holder of the operations token reads it, and the numbers are masked. Does not exist in production.
 */
@ApiExcludeController()
@Access.adminToken()
@Controller('api/v1/dev/sms-outbox')
@UseGuards(DevOutboxPresentGuard, AdminGuard)
export class DevSmsOutboxController {
  constructor(@Inject(SMS_SENDER) private readonly sender: SmsSender) {}

  @Get()
  list() {
    const entries = this.sender instanceof DevelopmentSmsOutbox ? this.sender.list() : [];
    return { messages: entries.map((m) => ({ ...m, to: maskMobile(m.to) })) };
  }
}
