import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

export const REPORT_GROUPINGS = ['provider', 'engineer', 'region'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

export class EvaluationReportQueryDto {
  @ApiPropertyOptional({ enum: REPORT_GROUPINGS, default: 'provider', description: 'region: one level below the caller’s operator node (counties for enterprises)' })
  @IsOptional()
  @IsIn([...REPORT_GROUPINGS])
  groupBy?: ReportGrouping;

  @ApiPropertyOptional({ example: '2026-11-01', description: 'From this instant, or from the start of this day in China time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'Before this instant, or through this day in China time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
