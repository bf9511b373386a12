import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { REPORT_CHARTS, REPORT_DIMENSIONS, REPORT_MEASURES } from '@kuaige/domain';

// ---- Report bodies: the shape is checked here, the rules by the domain's parser ------------------------
// parseReportDefinition / parseReportSchedule read every field again and name the first bad one
// (measures[2] isIn, dimensions maxItems, filters.range.to range), so REST, GraphQL and export
// parameters refuse the same inputs alike.

export class ReportDefinitionDto {
  @ApiProperty({ example: '各区县报修量', maxLength: 80 })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiProperty({ type: [String], enum: REPORT_DIMENSIONS, description: 'Rows, then optionally columns (region, deviceType, faultType) or a time granularity (day, week, month)', example: ['region', 'month'] })
  @IsArray()
  dimensions!: string[];

  @ApiProperty({ type: [String], enum: REPORT_MEASURES, description: 'One to six analytics metrics', example: ['requests', 'slaCompliance'] })
  @IsArray()
  measures!: string[];

  @ApiPropertyOptional({
    description:
      '{ range: { kind: absolute, from, to } | { kind: last-days, days } | { kind: this-month } | { kind: last-month }, regionCode, deviceType, faultType, enterpriseId } — China days',
    example: { range: { kind: 'last-days', days: 30 } },
  })
  @IsOptional()
  @IsObject()
  filters?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: REPORT_CHARTS, default: 'table' })
  @IsOptional()
  @IsString()
  chart?: string;
}

export class ReportScheduleDto {
  @ApiProperty({ description: '{ frequency: daily, time: "08:30" } | { frequency: weekly, weekday: 1-7, time } | { frequency: monthly, day: 1-28, time } — Asia/Shanghai', example: { frequency: 'daily', time: '08:30' } })
  @IsObject()
  schedule!: Record<string, unknown>;

  @ApiPropertyOptional({ type: [String], description: 'User ids of people of the report’s enterprise or operator node (the owner always gets the run)' })
  @IsOptional()
  @IsArray()
  recipients?: string[];
}

export class ReportListQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  q?: string;

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

export class ReportResultQueryDto {
  @ApiPropertyOptional({ enum: ['zh-CN', 'en'], default: 'zh-CN', description: 'Language of the column headers' })
  @IsOptional()
  @IsIn(['zh-CN', 'en'])
  lang?: 'zh-CN' | 'en';
}
