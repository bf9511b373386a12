import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PURCHASING_LIMITS, ROLE_KEY_PATTERN } from '@kuaige/domain';
import { HasOnlyVisibleCharacters, NormalizedText } from '../../identity/api/dto/validators';
import { PageQueryDto } from '../../tenancy/api/tenancy.dto';

// ---- Request bodies and queries of the purchasing API: shapes here, business rules in the deciders --

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ID_MESSAGE = '$property must be 1-64 letters, digits, _ or -';

const Text =
  (max: number, required = false) =>
  (target: object, key: string) => {
    NormalizedText()(target, key);
    if (!required) IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(max)(target, key);
    Validate(HasOnlyVisibleCharacters)(target, key);
  };

const Id =
  (optional = false) =>
  (target: object, key: string) => {
    if (optional) IsOptional()(target, key);
    Matches(ID, { message: ID_MESSAGE })(target, key);
  };

const Quantity =
  (min = 1) =>
  (target: object, key: string) => {
    IsInt()(target, key);
    Min(min)(target, key);
    Max(PURCHASING_LIMITS.quantity)(target, key);
  };

const Fen = () => (target: object, key: string) => {
  IsInt({ message: '$property must be a whole number of fen (分), never a fraction' })(target, key);
  Min(0)(target, key);
  Max(PURCHASING_LIMITS.unitFen)(target, key);
};

const Lines = (type: () => new () => object) => (target: object, key: string) => {
  IsArray()(target, key);
  ArrayMinSize(1)(target, key);
  ArrayMaxSize(PURCHASING_LIMITS.lines)(target, key);
  ValidateNested({ each: true })(target, key);
  Type(type)(target, key);
};

// ---- Thresholds -------------------------------------------------------------------------------------

export class SetStockThresholdDto {
  @ApiProperty()
  @Id()
  warehouseId!: string;

  @ApiProperty()
  @Id()
  partId!: string;

  @ApiProperty({ example: 5, description: 'Below this many available, the stock is low (0: no alert)' })
  @Quantity(0)
  minimum!: number;

  @ApiProperty({ example: 20, description: 'How many to buy when it is' })
  @Quantity()
  reorderQuantity!: number;
}

export const THRESHOLD_STATES = ['low', 'ok'] as const;

export class StockThresholdQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @Id(true)
  warehouseId?: string;

  @ApiPropertyOptional({ enum: THRESHOLD_STATES, description: 'low: an alert is open (the reorder suggestions)' })
  @IsOptional()
  @IsIn([...THRESHOLD_STATES])
  state?: (typeof THRESHOLD_STATES)[number];
}

// ---- Approval chain ----------------------------------------------------------------------------------

export class ApprovalLevelDto {
  @ApiProperty({ example: ['warehouse-manager'], description: 'Role keys; a holder of any of them approves the level' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PURCHASING_LIMITS.rolesPerLevel)
  @Matches(ROLE_KEY_PATTERN, { each: true, message: 'each role must be a role key such as warehouse-manager' })
  roles!: string[];
}

export class ApprovalBandDto {
  @ApiProperty({
    example: 500000,
    nullable: true,
    description: 'Requests up to this total (fen) take this band; null: every larger amount (the last band)',
  })
  @ValidateIf((_: object, v: unknown) => v !== null)
  @IsInt({ message: 'upToFen must be a whole number of fen, or null for the last band' })
  @Min(1)
  upToFen!: number | null;

  @ApiProperty({ type: [ApprovalLevelDto], description: 'Levels in the order they approve' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PURCHASING_LIMITS.levels)
  @ValidateNested({ each: true })
  @Type(() => ApprovalLevelDto)
  levels!: ApprovalLevelDto[];
}

export class ConfigureApprovalChainDto {
  @ApiProperty({ type: [ApprovalBandDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PURCHASING_LIMITS.bands)
  @ValidateNested({ each: true })
  @Type(() => ApprovalBandDto)
  bands!: ApprovalBandDto[];
}

// ---- Purchase requests --------------------------------------------------------------------------------

export class PurchaseRequestLineDto {
  @ApiProperty()
  @Id()
  partId!: string;

  @ApiProperty()
  @Id()
  warehouseId!: string;

  @ApiProperty({ example: 10 })
  @Quantity()
  quantity!: number;

  @ApiProperty({ example: 1250, description: 'Estimated price per unit in fen (分)' })
  @Fen()
  estimatedUnitFen!: number;
}

export class RaisePurchaseRequestDto {
  @ApiProperty({ type: [PurchaseRequestLineDto] })
  @Lines(() => PurchaseRequestLineDto)
  lines!: PurchaseRequestLineDto[];

  @ApiProperty({ example: '三号线轴承备货' })
  @Text(PURCHASING_LIMITS.reason, true)
  reason!: string;
}

export class ApprovePurchaseRequestDto {
  @ApiProperty({ example: 1, description: 'The level approved (the one waiting)' })
  @IsInt()
  @Min(1)
  @Max(PURCHASING_LIMITS.levels)
  level!: number;

  @ApiPropertyOptional()
  @Text(PURCHASING_LIMITS.reason)
  note?: string;
}

export class RejectPurchaseRequestDto {
  @ApiProperty()
  @Text(PURCHASING_LIMITS.reason, true)
  reason!: string;
}

export const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'ordered'] as const;

export class PurchaseRequestQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn([...REQUEST_STATUSES])
  status?: (typeof REQUEST_STATUSES)[number];

  @ApiPropertyOptional({ enum: ['manual', 'low-stock', 'work-order'] })
  @IsOptional()
  @IsIn(['manual', 'low-stock', 'work-order'])
  source?: 'manual' | 'low-stock' | 'work-order';

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: only requests waiting for a level I may approve (my approvals inbox)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';
}

// ---- Purchase orders ------------------------------------------------------------------------------------

export class PurchaseOrderLineDto {
  @ApiProperty()
  @Id()
  partId!: string;

  @ApiProperty()
  @Id()
  warehouseId!: string;

  @ApiProperty({ example: 10 })
  @Quantity()
  quantity!: number;

  @ApiProperty({ example: 1180, description: 'Agreed price per unit in fen (分)' })
  @Fen()
  unitPriceFen!: number;
}

export class PlacePurchaseOrderDto {
  @ApiProperty()
  @Id()
  purchaseRequestId!: string;

  @ApiProperty({ example: '人本轴承' })
  @Text(PURCHASING_LIMITS.supplier, true)
  supplier!: string;

  @ApiProperty({ type: [PurchaseOrderLineDto] })
  @Lines(() => PurchaseOrderLineDto)
  lines!: PurchaseOrderLineDto[];

  @ApiPropertyOptional()
  @Text(PURCHASING_LIMITS.reason)
  note?: string;
}

export class ReceiptLineDto {
  @ApiProperty()
  @Id()
  partId!: string;

  @ApiProperty()
  @Id()
  warehouseId!: string;

  @ApiProperty({ example: 4, description: 'Units delivered now (up to what is still outstanding)' })
  @Quantity()
  quantity!: number;
}

export class ReceivePurchaseOrderDto {
  @ApiProperty({ type: [ReceiptLineDto] })
  @Lines(() => ReceiptLineDto)
  lines!: ReceiptLineDto[];
}

export const ORDER_STATUSES = ['placed', 'partially-received', 'received'] as const;

export class PurchaseOrderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn([...ORDER_STATUSES])
  status?: (typeof ORDER_STATUSES)[number];
}
