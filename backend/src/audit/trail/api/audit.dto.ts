import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { AUDIT_SORTS, type AuditSort } from '../read-models/audit.queries';
import type { AuditResult } from '../read-models/audit-entries.projection';

// ---- Queries and bodies of the audit API: shapes here; scope comes from the caller's ability -------

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ID_MESSAGE = '$property must be 1-64 letters, digits, _ or -';
/** A stream id (`WorkOrder-…`) or a bare category (`WorkOrder`). */
export const STREAM = /^[A-Za-z][A-Za-z0-9]{0,63}(-[A-Za-z0-9_.:-]{1,200})?$/;
const STREAM_MESSAGE = '$property must be a stream id such as WorkOrder-<id>, or a category such as WorkOrder';
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{1,80}$/;
export const RESULTS: readonly AuditResult[] = ['success', 'denied', 'failure'];

export class AuditSearchDto {
  @ApiPropertyOptional({ description: 'User id of who acted' })
  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  actor?: string;

  @ApiPropertyOptional({ description: 'The enterprise the actor acted for' })
  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  enterpriseId?: string;

  @ApiPropertyOptional({ description: 'The operator node the actor acted for' })
  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  nodeId?: string;

  @ApiPropertyOptional({ example: 'WorkOrder', description: 'A stream id (the entity) or a category' })
  @IsOptional()
  @Matches(STREAM, { message: STREAM_MESSAGE })
  stream?: string;

  @ApiPropertyOptional({ example: 'WorkOrderDispatched' })
  @IsOptional()
  @Matches(EVENT_TYPE, { message: '$property must be an event type such as WorkOrderDispatched' })
  type?: string;

  @ApiPropertyOptional({ enum: RESULTS })
  @IsOptional()
  @IsIn(RESULTS)
  result?: AuditResult;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'From this instant (inclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-02T00:00:00Z', description: 'Up to this instant (exclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: AUDIT_SORTS, default: '-position' })
  @IsOptional()
  @IsIn([...AUDIT_SORTS])
  sort?: AuditSort;
}

export class AuditListQueryDto extends AuditSearchDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, description: 'Pages by skipping reach the first 10,000 matches; read on with `after`' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'The `nextCursor` of the page before (a position): the next page starts past it, at any depth' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class EntityHistoryQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;

export class AuditExportDto extends AuditSearchDto {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'xlsx', description: `XLSX up to 10,000 rows; CSV up to 100,000` })
  @IsOptional()
  @IsIn([...EXPORT_FORMATS])
  format?: (typeof EXPORT_FORMATS)[number];

  @ApiPropertyOptional({ enum: ['zh-CN', 'en'], default: 'zh-CN' })
  @IsOptional()
  @IsIn(['zh-CN', 'en'])
  language?: 'zh-CN' | 'en';
}
