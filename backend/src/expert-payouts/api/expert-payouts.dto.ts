import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { MAX_WITHDRAWAL_FEN, PAYOUT_METHODS, WITHDRAWAL_STATUSES } from '@kuaige/domain';
import { NormalizedText } from '../../identity/api/dto/validators';

const PLAIN_TEXT = /^(?:[\t\n\r]|[^\p{Cc}\p{Cf}\p{Cs}\p{Co}])*$/u;

export class PayeeDto {
  @ApiProperty({ enum: PAYOUT_METHODS })
  @IsIn([...PAYOUT_METHODS])
  method!: string;

  @ApiProperty({ example: '李专家' })
  @NormalizedText()
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  @Matches(PLAIN_TEXT, { message: 'accountName must not contain control, zero-width or text-direction characters' })
  accountName!: string;

  @ApiProperty({ example: '6222020200001234567', description: 'Bank card, Alipay or WeChat account: stored encrypted, shown masked' })
  @IsString()
  @Matches(/^[0-9A-Za-z@._-]{4,40}$/, { message: 'accountNumber is 4 to 40 letters, digits or @ . _ -' })
  accountNumber!: string;
}

export class RequestWithdrawalDto {
  @ApiProperty({ minimum: 1, maximum: MAX_WITHDRAWAL_FEN, description: 'In fen' })
  @IsInt()
  @Min(1)
  @Max(MAX_WITHDRAWAL_FEN)
  amountFen!: number;

  @ApiProperty({ type: PayeeDto })
  @IsObject()
  @ValidateNested()
  @Type(() => PayeeDto)
  payee!: PayeeDto;
}

export class RejectWithdrawalDto {
  @ApiProperty({ example: '收款账户与实名不符' })
  @NormalizedText()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(PLAIN_TEXT, { message: 'reason must not contain control, zero-width or text-direction characters' })
  reason!: string;
}

export class WithdrawalRulesDto {
  @ApiProperty({ minimum: 1, maximum: MAX_WITHDRAWAL_FEN, description: 'Smallest withdrawal, in fen' })
  @IsInt()
  @Min(1)
  @Max(MAX_WITHDRAWAL_FEN)
  minimumFen!: number;

  @ApiProperty({ nullable: true, minimum: 1, maximum: MAX_WITHDRAWAL_FEN, description: 'Most per calendar month (China time), in fen; null: no limit' })
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_WITHDRAWAL_FEN)
  monthlyMaximumFen!: number | null;
}

export class PageQueryDto {
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

export class WithdrawalListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: WITHDRAWAL_STATUSES })
  @IsOptional()
  @IsIn([...WITHDRAWAL_STATUSES])
  status?: string;
}
