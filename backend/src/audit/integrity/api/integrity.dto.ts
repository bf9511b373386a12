import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

export class PageQueryDto {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,5}$/, { message: 'page must be a whole number from 1' })
  page?: string;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Matches(/^(100|[1-9][0-9]?)$/, { message: 'pageSize must be a whole number from 1 to 100' })
  pageSize?: string;
}
