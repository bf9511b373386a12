import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateIf, ValidateNested, Validate, type ValidatorConstraintInterface, ValidatorConstraint } from 'class-validator';
import { isTimeZone, NOTIFICATION_LANGUAGES } from '@kuaige/domain';
import { PREFERENCE_EVENT_TYPES } from '../application/notification.queries';

export class InboxQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only unread notifications' })
  @IsOptional()
  @IsIn(['true', 'false'])
  unread?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,5}$/, { message: 'page must be a whole number from 1' })
  page?: string;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Matches(/^(100|[1-9][0-9]?)$/, { message: 'pageSize must be a whole number from 1 to 100' })
  pageSize?: string;
}

export class QuietHoursDto {
  @ApiProperty({ example: '22:00', description: 'Local time HH:MM in the chosen time zone' })
  @Matches(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { message: 'start must be HH:MM from 00:00 to 23:59' })
  start!: string;

  @ApiProperty({ example: '08:00' })
  @Matches(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { message: 'end must be HH:MM from 00:00 to 23:59' })
  end!: string;
}

const EVENT_TYPES = new Set(PREFERENCE_EVENT_TYPES.map((t) => t.eventType));

/** `{ EngineerAssigned: { sms: true, email: false } }`: known event types, booleans for sms/email only. */
@ValidatorConstraint({ name: 'channel-choices' })
class ChannelChoicesRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    return Object.entries(value as Record<string, unknown>).every(
      ([type, choice]) =>
        EVENT_TYPES.has(type) &&
        typeof choice === 'object' &&
        choice !== null &&
        !Array.isArray(choice) &&
        Object.entries(choice as Record<string, unknown>).every(([channel, on]) => (channel === 'sms' || channel === 'email') && typeof on === 'boolean'),
    );
  }

  defaultMessage(): string {
    return `choices must map event types (${[...EVENT_TYPES].join(', ')}) to { sms?: boolean, email?: boolean }`;
  }
}

@ValidatorConstraint({ name: 'time-zone' })
class TimeZoneRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && value.length <= 64 && isTimeZone(value);
  }

  defaultMessage(): string {
    return 'timeZone must be an IANA time zone such as Asia/Shanghai';
  }
}

export class PreferencesDto {
  @ApiProperty({ example: { EngineerAssigned: { sms: true, email: false } }, description: 'Per event type, SMS and e-mail on or off; absent: the rule’s default. In-app is always on.' })
  @IsObject()
  @Validate(ChannelChoicesRule)
  choices!: Record<string, { sms?: boolean; email?: boolean }>;

  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true, description: 'SMS and e-mail wait until the end; null: none' })
  @ValidateIf((_, v) => v !== null)
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours!: QuietHoursDto | null;

  @ApiPropertyOptional({ example: 'Asia/Shanghai' })
  @IsOptional()
  @Validate(TimeZoneRule)
  timeZone?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_LANGUAGES })
  @IsOptional()
  @IsIn([...NOTIFICATION_LANGUAGES])
  language?: 'zh-CN' | 'en';

  @ApiPropertyOptional({ nullable: true, description: 'Where e-mail goes; omitted: keep the one on file; null or empty: remove it' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null && v !== '')
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string | null;
}
