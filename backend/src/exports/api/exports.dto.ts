import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { EXPORT_FORMATS, EXPORT_LOCALES, type ExportFormat, type ExportLanguage } from '@kuaige/domain';

/** Kinds are registered at start-up; the controller checks `kind` against the registry (isIn). */
export class StartExportDto {
  @ApiProperty({ description: 'The export kind: work-orders, analytics-breakdown, analytics-engineers, custom-report …', example: 'work-orders' })
  @IsString()
  @MaxLength(64)
  kind!: string;

  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn([...EXPORT_FORMATS])
  format!: ExportFormat;

  @ApiPropertyOptional({ description: 'The source’s parameters: for work-orders the list’s filters (status, region, from, to, q …)', type: Object })
  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: EXPORT_LOCALES, default: 'zh-CN' })
  @IsOptional()
  @IsIn([...EXPORT_LOCALES])
  locale?: ExportLanguage;
}

export class ExportListQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}
