import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
} from 'class-validator';
import {
  ENGINEER_LEVELS,
  MAX_AMOUNT_FEN,
  MAX_BAND_KM,
  MAX_LABOUR_RATES,
  MAX_RATE_BP,
  MAX_SCHEDULE_TARIFF_FEN,
  MAX_TRAVEL_BANDS,
  PAYMENT_METHODS,
  SETTLEMENT_STATUSES,
} from '@kuaige/domain';
import { HasOnlyVisibleCharacters, NormalizedText } from '../../identity/api/dto/validators';
import { PageQueryDto } from '../../tenancy/api/tenancy.dto';

// ---- Request bodies and queries of settlements, fee schedules and the ledger: shapes here, rules in the deciders --

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const Text =
  (max: number, required = false) =>
  (target: object, key: string) => {
    NormalizedText()(target, key);
    if (!required) IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(max)(target, key);
    Validate(HasOnlyVisibleCharacters)(target, key);
  };

const Fen = (max: number) => (target: object, key: string) => {
  IsInt({ message: '$property must be a whole number of fen (分), never a fraction' })(target, key);
  Min(0)(target, key);
  Max(max)(target, key);
};

export class LabourRateDto {
  @ApiProperty({ enum: Object.keys(ENGINEER_LEVELS) })
  @IsIn(Object.keys(ENGINEER_LEVELS), { message: `skillLevel must be one of ${Object.keys(ENGINEER_LEVELS).join(', ')}` })
  skillLevel!: string;

  @ApiProperty({ example: 15000, description: 'fen per hour' })
  @Fen(MAX_SCHEDULE_TARIFF_FEN)
  hourlyFen!: number;
}

export class TravelBandDto {
  @ApiProperty({ example: 10, description: 'distances up to and including this many km' })
  @IsInt()
  @Min(0)
  @Max(MAX_BAND_KM)
  upToKm!: number;

  @ApiProperty({ example: 5000 })
  @Fen(MAX_SCHEDULE_TARIFF_FEN)
  fen!: number;
}

export class DraftFeeScheduleDto {
  @ApiProperty({ description: 'The acting operator node (the schedule applies in its jurisdiction)' })
  @Matches(ID, { message: 'operatorNodeId must be an id' })
  operatorNodeId!: string;

  @ApiProperty({ example: '2027-01-01', description: 'ISO date, Asia/Shanghai' })
  @Matches(ISO_DATE, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  effectiveFrom!: string;

  @ApiProperty({ type: [LabourRateDto] })
  @IsArray()
  @ArrayMaxSize(MAX_LABOUR_RATES)
  @ValidateNested({ each: true })
  @Type(() => LabourRateDto)
  labourRates!: LabourRateDto[];

  @ApiProperty({ type: [TravelBandDto] })
  @IsArray()
  @ArrayMaxSize(MAX_TRAVEL_BANDS)
  @ValidateNested({ each: true })
  @Type(() => TravelBandDto)
  travelBands!: TravelBandDto[];

  @ApiProperty({ example: 500, description: 'basis points (500 = 5 %) of labour, parts and travel, charged to the provider' })
  @IsInt({ message: 'platformFeeRateBp must be a whole number of basis points' })
  @Min(0)
  @Max(MAX_RATE_BP)
  platformFeeRateBp!: number;

  @ApiPropertyOptional({ example: 1000, description: 'basis points of expert fees, charged to the provider' })
  @IsOptional()
  @IsInt({ message: 'expertFeeRateBp must be a whole number of basis points' })
  @Min(0)
  @Max(MAX_RATE_BP)
  expertFeeRateBp?: number;

  @ApiPropertyOptional({ example: '深圳市 2027 年收费标准' })
  @Text(500)
  note?: string;
}

export class SettlementListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SETTLEMENT_STATUSES })
  @IsOptional()
  @IsIn([...SETTLEMENT_STATUSES])
  status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'workOrderId must be an id' })
  workOrderId?: string;

  @ApiPropertyOptional({ description: 'Settlements of this provider (the analytics cost board links here)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'providerId must be an id' })
  providerId?: string;

  @ApiPropertyOptional({ description: "Settlements of orders in this GB/T 2260 division ('CN', 2, 4 or 6 digits)" })
  @IsOptional()
  @Matches(/^(CN|\d{2}|\d{4}|\d{6})$/, { message: 'regionCode must be CN or a 2, 4 or 6 digit division code' })
  regionCode?: string;

  @ApiPropertyOptional({ enum: ['createdAt', '-createdAt', 'totalFen', '-totalFen'], default: '-createdAt' })
  @IsOptional()
  @IsIn(['createdAt', '-createdAt', 'totalFen', '-totalFen'])
  sort?: string;
}

export class FeeScheduleListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['draft', 'published'] })
  @IsOptional()
  @IsIn(['draft', 'published'])
  status?: string;
}

export class RaiseDisputeDto {
  @ApiProperty({ example: 'labour' })
  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9:_-]{1,100}$/, { message: 'lineId must be a line id of the settlement' })
  lineId!: string;

  @ApiProperty({ example: '工时与现场记录不符' })
  @Text(500, true)
  reason!: string;
}

export class AnswerDisputeDto {
  @ApiProperty({ example: '处理记录显示工作 3 小时' })
  @Text(500, true)
  answer!: string;
}

export class ArbitrateDisputeDto {
  @ApiProperty({ enum: ['upheld', 'dismissed'] })
  @IsIn(['upheld', 'dismissed'])
  decision!: 'upheld' | 'dismissed';

  @ApiPropertyOptional({ description: 'the line’s new amount in fen (required when upheld; at most the current amount)' })
  @IsOptional()
  @Fen(MAX_AMOUNT_FEN)
  adjustedAmountFen?: number;

  @ApiProperty({ example: '按现场记录核减半小时' })
  @Text(500, true)
  note!: string;
}

export class PayDto {
  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn([...PAYMENT_METHODS], { message: `method must be one of ${PAYMENT_METHODS.join(', ')}` })
  method!: string;
}

export class InvoiceDto {
  @ApiProperty({ example: '深圳某某设备有限公司', description: '发票抬头' })
  @Text(100, true)
  title!: string;

  @ApiProperty({ example: '91440300MA5G9X8K1B', description: '纳税人识别号 (unified social credit code)' })
  @IsString()
  @Matches(/^[0-9A-Za-z]{15}([0-9A-Za-z]{3})?$/, {
    message: 'taxNumber must be the 18-character unified social credit code (or 15 characters)',
  })
  taxNumber!: string;

  @ApiPropertyOptional({ example: 'finance@example.cn' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;
}

export class CancelDto {
  @ApiProperty({ example: '工单重开，重新结算' })
  @Text(500, true)
  reason!: string;
}

export class LedgerQueryDto {
  @ApiPropertyOptional({ description: 'An enterprise in the operator’s jurisdiction (operators only)' })
  @IsOptional()
  @Matches(ID, { message: 'enterpriseId must be an id' })
  enterpriseId?: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: 'first day, inclusive (Asia/Shanghai)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'last day, inclusive (Asia/Shanghai)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class StatementQueryDto extends LedgerQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'xlsx', 'pdf'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'xlsx', 'pdf'])
  format?: 'json' | 'xlsx' | 'pdf';
}
