import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { APPOINTMENT_SLOTS_MAX } from '@kuaige/domain';
import { NormalizedText } from '../../identity/api/dto/validators';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const PLAIN_TEXT = /^(?:[\t\n\r]|[^\p{Cc}\p{Cf}\p{Cs}\p{Co}])*$/u;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export class VisitSlotDto {
  @ApiProperty({ example: '2026-12-02T09:00:00+08:00', description: 'ISO 8601 instant with its offset' })
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: 'start must be an instant with its offset (2026-12-02T09:00:00+08:00)' })
  start!: string;

  @ApiProperty({ example: '2026-12-02T11:00:00+08:00' })
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: 'end must be an instant with its offset (2026-12-02T11:00:00+08:00)' })
  end!: string;
}

export class ProposeAppointmentDto {
  @ApiProperty({ type: [VisitSlotDto], description: `1 to ${APPOINTMENT_SLOTS_MAX} slots in the future` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(APPOINTMENT_SLOTS_MAX)
  @ValidateNested({ each: true })
  @Type(() => VisitSlotDto)
  slots!: VisitSlotDto[];

  @ApiProperty({ example: '南山区科技园 1 号车间' })
  @NormalizedText()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(PLAIN_TEXT, { message: 'place must not contain control, zero-width or text-direction characters' })
  place!: string;

  @ApiPropertyOptional({ description: 'The engineer who visits (an active member of the provider); the assigned engineer by default' })
  @IsOptional()
  @Matches(ID, { message: 'engineerId must be 1-64 letters, digits, _ or -' })
  engineerId?: string;
}

export class ConfirmAppointmentDto {
  @ApiProperty({ description: 'The start of the proposed slot I take' })
  @IsISO8601({ strict: true })
  @Matches(INSTANT, { message: 'slotStart must be an instant with its offset' })
  slotStart!: string;
}

export class RescheduleAppointmentDto {
  @ApiProperty({ example: '周三停产检修，请改到周四' })
  @NormalizedText()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(PLAIN_TEXT, { message: 'reason must not contain control, zero-width or text-direction characters' })
  reason!: string;
}
