import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, Validate, ValidateNested } from 'class-validator';
import { CATEGORY_CODE_PATTERN, INVENTORY_LIMITS, STOCK_TAKE_MAX_COUNTS, STOCK_TAKE_STATUSES } from '@kuaige/domain';
import { HasOnlyVisibleCharacters, NormalizedText } from '../../identity/api/dto/validators';
import { PageQueryDto } from '../../tenancy/api/tenancy.dto';

// ---- Request bodies of the stock-take API: shapes here, the session's rules in its decider -----------

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ID_MESSAGE = '$property must be 1-64 letters, digits, _ or -';

export class OpenStockTakeDto {
  @ApiProperty({ description: 'The warehouse to count' })
  @Matches(ID, { message: ID_MESSAGE })
  warehouseId!: string;

  @ApiPropertyOptional({ example: 'BRG', nullable: true, description: 'Count only this category (and its subcategories)' })
  @IsOptional()
  @Matches(CATEGORY_CODE_PATTERN, { message: 'categoryCode must be a category code' })
  categoryCode?: string | null;

  @ApiPropertyOptional({ example: '2026 年 12 月月度盘点' })
  @IsOptional()
  @NormalizedText()
  @IsString()
  @MaxLength(INVENTORY_LIMITS.note)
  @Validate(HasOnlyVisibleCharacters)
  note?: string;
}

export class StockCountDto {
  @ApiProperty()
  @Matches(ID, { message: ID_MESSAGE })
  partId!: string;

  @ApiProperty({ minimum: 0, example: 9, description: 'What is on the shelf, in the part’s unit' })
  @IsInt()
  @Min(0)
  @Max(INVENTORY_LIMITS.quantity)
  countedQuantity!: number;
}

export class CountStockDto {
  @ApiProperty({ type: [StockCountDto], description: `1–${STOCK_TAKE_MAX_COUNTS} counts; a line counted again keeps the last count` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(STOCK_TAKE_MAX_COUNTS)
  @ValidateNested({ each: true })
  @Type(() => StockCountDto)
  counts!: StockCountDto[];
}

export class StockTakeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STOCK_TAKE_STATUSES })
  @IsOptional()
  @IsIn(STOCK_TAKE_STATUSES)
  status?: (typeof STOCK_TAKE_STATUSES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  warehouseId?: string;
}

export class StockTakeDetailQueryDto {
  @ApiPropertyOptional({ description: 'Only lines whose part code starts with this, or whose name contains it (a scanner types the code)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['all', 'uncounted', 'variance'], default: 'all' })
  @IsOptional()
  @IsIn(['all', 'uncounted', 'variance'])
  lines?: 'all' | 'uncounted' | 'variance';
}
