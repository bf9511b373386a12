import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config';
import { SMS_SENDER } from '../identity.tokens';
import { DevelopmentSmsOutbox } from './development-sms-outbox';
import type { SmsSender } from './sms-sender.port';
import { Access } from '../../http/access';

/** The development SMS outbox, for the console and tests. Does not exist in production. */
@ApiExcludeController()
@Access.public()
@Controller('api/v1/dev/sms-outbox')
export class DevSmsOutboxController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SMS_SENDER) private readonly sender: SmsSender,
  ) {}

  @Get()
  list() {
    if (this.config.nodeEnv === 'production' || !(this.sender instanceof DevelopmentSmsOutbox)) throw new NotFoundException();
    return { messages: this.sender.list() };
  }
}
