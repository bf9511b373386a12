import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { SLA_TARGETS } from '@kuaige/domain';

export class AlertsQueryDto {
  @ApiPropertyOptional({ enum: ['breach', 'escalation'] })
  @IsOptional()
  @IsIn(['breach', 'escalation'])
  kind?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only alerts taken on (true) or still open (false)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  acknowledged?: string;

  @ApiPropertyOptional({ enum: SLA_TARGETS })
  @IsOptional()
  @IsIn([...SLA_TARGETS])
  target?: string;

  @ApiPropertyOptional({ description: 'Alerts of one work order' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'workOrderId must be 1-64 letters, digits, . _ or -' })
  workOrderId?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,5}$/, { message: 'page must be a whole number from 1' })
  page?: string;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Matches(/^(100|[1-9][0-9]?)$/, { message: 'pageSize must be a whole number from 1 to 100' })
  pageSize?: string;
}
