import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, Validate } from 'class-validator';
import { HasOnlyVisibleCharacters, NormalizedText } from '../../identity/api/dto/validators';
import { PageQueryDto } from '../../tenancy/api/tenancy.dto';

// ---- Request shapes of the work-order parts routes (van stock, missing parts) ------------------------

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
