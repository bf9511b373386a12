import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { RETURN_VISIT_OUTCOMES } from '@kuaige/domain';
import { NormalizedText } from '../../identity/api/dto/validators';

const PLAIN_TEXT = /^(?:[\t\n\r]|[^\p{Cc}\p{Cf}\p{Cs}\p{Co}])*$/u;

export class RecordReturnVisitDto {
  @ApiProperty({ enum: RETURN_VISIT_OUTCOMES, description: 'resolved: the fault is gone; recurring: it came back; unreachable: the customer was not reached' })
  @IsIn([...RETURN_VISIT_OUTCOMES])
  outcome!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'The customer’s satisfaction; required unless unreachable' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction?: number;

  @ApiPropertyOptional({ example: '设备运行正常，客户满意' })
  @IsOptional()
  @NormalizedText()
  @IsString()
  @MaxLength(500)
  @Matches(PLAIN_TEXT, { message: 'note must not contain control, zero-width or text-direction characters' })
  note?: string;
}

export class ReturnVisitListQueryDto {
  @ApiPropertyOptional({ enum: ['scheduled', 'recorded'] })
  @IsOptional()
  @IsIn(['scheduled', 'recorded'])
  status?: string;

  @ApiPropertyOptional({ enum: ['true'], description: 'Only scheduled visits already due' })
  @IsOptional()
  @IsIn(['true'])
  due?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page?: number;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}
