import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, Validate, ValidateNested } from 'class-validator';
import { INVENTORY_LIMITS } from '@kuaige/domain';
import { HasOnlyVisibleCharacters, NormalizedText } from '../../identity/api/dto/validators';
import { PageQueryDto } from '../../tenancy/api/tenancy.dto';

// ---- Request shapes of the work-order parts routes (van stock, missing parts) ------------------------

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ID_MESSAGE = '$property must be 1-64 letters, digits, _ or -';

export class MyStockQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the part code or name' })
  @IsOptional()
  @NormalizedText()
  @IsString()
  @MaxLength(60)
  @Validate(HasOnlyVisibleCharacters)
  q?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only parts with stock available (the record dialog’s picker)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  available?: 'true' | 'false';
}

export class MissingPartLineDto {
  @ApiProperty()
  @Matches(ID, { message: ID_MESSAGE })
  partId!: string;

  @ApiProperty({ description: 'the warehouse the part is bought for (the van, or the store it is issued from)' })
  @Matches(ID, { message: ID_MESSAGE })
  warehouseId!: string;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(INVENTORY_LIMITS.quantity)
  quantity!: number;

  @ApiPropertyOptional({ description: 'expected price per unit in fen; default: the part’s cheapest supplier price' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(INVENTORY_LIMITS.unitCostFen)
  estimatedUnitFen?: number;
}

export class MissingPartsDto {
  @ApiProperty({ type: [MissingPartLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MissingPartLineDto)
  lines!: MissingPartLineDto[];

  @ApiPropertyOptional({ example: '轴承磨损，车上无备件' })
  @IsOptional()
  @NormalizedText()
  @IsString()
  @MaxLength(500)
  @Validate(HasOnlyVisibleCharacters)
  note?: string;
}
