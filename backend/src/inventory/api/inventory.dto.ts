import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, Validate, ValidateIf, ValidateNested } from 'class-validator';
import { BIN_CODE_PATTERN, CATEGORY_CODE_PATTERN, INVENTORY_LIMITS, PART_CODE_PATTERN, PART_CODE_RULE, PART_UNITS, WAREHOUSE_KINDS } from '@kuaige/domain';
import { HasOnlyVisibleCharacters, NormalizedText } from '../../identity/api/dto/validators';
import { PageQueryDto } from '../../tenancy/api/tenancy.dto';

// ---- Request bodies and queries of the inventory API: shapes here, business rules in the deciders ---

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ID_MESSAGE = '$property must be 1-64 letters, digits, _ or -';

/** Text, trimmed and without hidden characters, at most `max` characters; optional unless `required`. */
const Text = (max: number, required = false) => (target: object, key: string) => {
  NormalizedText()(target, key);
  if (!required) IsOptional()(target, key);
  IsString()(target, key);
  MaxLength(max)(target, key);
  Validate(HasOnlyVisibleCharacters)(target, key);
};

const Id = (optional = false) => (target: object, key: string) => {
  if (optional) IsOptional()(target, key);
  Matches(ID, { message: ID_MESSAGE })(target, key);
};

const Quantity = (min = 1) => (target: object, key: string) => {
  IsInt()(target, key);
  Min(min)(target, key);
  Max(INVENTORY_LIMITS.quantity)(target, key);
};

const Fen = (optional = false) => (target: object, key: string) => {
  if (optional) IsOptional()(target, key);
  IsInt({ message: '$property must be a whole number of fen (分), never a fraction' })(target, key);
  Min(0)(target, key);
  Max(INVENTORY_LIMITS.unitCostFen)(target, key);
};

// ---- Catalogue ---------------------------------------------------------------------------------------

export class CreatePartCategoryDto {
  @ApiProperty({ example: 'BRG', description: '2–12 capital letters or digits, unique in the enterprise' })
  @Matches(CATEGORY_CODE_PATTERN, { message: 'code must be 2-12 capital letters or digits, such as BRG01' })
  code!: string;

  @ApiProperty({ example: '轴承' })
  @Text(INVENTORY_LIMITS.name, true)
  name!: string;

  @ApiPropertyOptional({ example: 'MECH', nullable: true, description: 'The parent category (null: a root category)' })
  @ValidateIf((_: object, v: unknown) => v !== null && v !== undefined)
  @Matches(CATEGORY_CODE_PATTERN, { message: 'parentCode must be a category code' })
  parentCode?: string | null;
}

export class RenamePartCategoryDto {
  @ApiProperty({ example: '滚动轴承' })
  @Text(INVENTORY_LIMITS.name, true)
  name!: string;
}

export class PartSupplierDto {
  @ApiProperty({ example: '人本轴承' })
  @Text(INVENTORY_LIMITS.name, true)
  name!: string;

  @ApiProperty({ example: 1250, description: 'Price per unit in fen (分): 1250 = ¥12.50' })
  @Fen()
  priceFen!: number;
}

/** Fields of a part that PATCH may change. */
export class UpdatePartDto {
  @ApiPropertyOptional({ example: '深沟球轴承' })
  @Text(INVENTORY_LIMITS.name)
  name?: string;

  @ApiPropertyOptional({ example: '6205-2RS' })
  @Text(INVENTORY_LIMITS.model)
  model?: string;

  @ApiPropertyOptional({ example: '25×52×15 mm' })
  @Text(INVENTORY_LIMITS.spec)
  spec?: string;

  @ApiPropertyOptional({ example: 'SKF' })
  @Text(INVENTORY_LIMITS.maker)
  maker?: string;

  @ApiPropertyOptional({ enum: Object.keys(PART_UNITS) })
  @IsOptional()
  @IsIn(Object.keys(PART_UNITS), { message: `unit must be one of ${Object.keys(PART_UNITS).join(', ')}` })
  unit?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'Available at or below this counts as low (0: no threshold)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(INVENTORY_LIMITS.safetyStock)
  safetyStock?: number;

  @ApiPropertyOptional({ type: [PartSupplierDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(INVENTORY_LIMITS.suppliers)
  @ValidateNested({ each: true })
  @Type(() => PartSupplierDto)
  suppliers?: PartSupplierDto[];

  @ApiPropertyOptional({ type: [String], example: ['VMC-850'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(INVENTORY_LIMITS.compatibleModels)
  @IsString({ each: true })
  @MaxLength(INVENTORY_LIMITS.model, { each: true })
  compatibleModels?: string[];
}

export class RegisterPartDto extends UpdatePartDto {
  @ApiProperty({ example: 'BRG' })
  @Matches(CATEGORY_CODE_PATTERN, { message: 'categoryCode must be a category code' })
  categoryCode!: string;

  @ApiPropertyOptional({ example: 'BRG-0001', description: `${PART_CODE_RULE}; left out, the category's next free code` })
  @IsOptional()
  @Matches(PART_CODE_PATTERN, { message: `code: ${PART_CODE_RULE}` })
  code?: string;

  @ApiProperty({ example: '深沟球轴承' })
  @Text(INVENTORY_LIMITS.name, true)
  declare name: string;

  @ApiProperty({ enum: Object.keys(PART_UNITS) })
  @IsIn(Object.keys(PART_UNITS), { message: `unit must be one of ${Object.keys(PART_UNITS).join(', ')}` })
  declare unit: string;
}

export const PART_SORTS = ['code', '-code', 'name', '-name', 'updatedAt', '-updatedAt'] as const;

export class PartListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'A category code: parts in it and in its sub-categories' })
  @IsOptional()
  @Matches(CATEGORY_CODE_PATTERN, { message: 'category must be a category code' })
  category?: string;

  @ApiPropertyOptional({ description: 'Part of the code, name, model or maker' })
  @Text(60)
  q?: string;

  @ApiPropertyOptional({ enum: PART_SORTS })
  @IsOptional()
  @IsIn([...PART_SORTS])
  sort?: (typeof PART_SORTS)[number];
}

export class PartExportQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';

  @ApiPropertyOptional({ enum: ['zh-CN', 'en'], default: 'zh-CN' })
  @IsOptional()
  @IsIn(['zh-CN', 'en'])
  language?: 'zh-CN' | 'en';

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CATEGORY_CODE_PATTERN, { message: 'category must be a category code' })
  category?: string;
}

// ---- Warehouses --------------------------------------------------------------------------------------

export class UpdateWarehouseDto {
  @ApiPropertyOptional({ example: '深圳中心仓' })
  @Text(INVENTORY_LIMITS.name)
  name?: string;

  @ApiPropertyOptional({ example: '南山区科技园 1 号' })
  @Text(INVENTORY_LIMITS.address)
  address?: string;

  @ApiPropertyOptional({ type: [String], example: ['A-01', 'A-02'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(INVENTORY_LIMITS.bins)
  @Matches(BIN_CODE_PATTERN, { each: true, message: 'each bin code is 1-20 letters, digits, dots, dashes or underscores' })
  bins?: string[];
}

export class OpenWarehouseDto extends UpdateWarehouseDto {
  @ApiProperty({ example: '深圳中心仓' })
  @Text(INVENTORY_LIMITS.name, true)
  declare name: string;

  @ApiProperty({ enum: WAREHOUSE_KINDS })
  @IsIn([...WAREHOUSE_KINDS], { message: `kind must be one of ${WAREHOUSE_KINDS.join(', ')}` })
  kind!: string;

  @ApiPropertyOptional({ description: 'A van warehouse: the engineer (user id) who drives it', nullable: true })
  @ValidateIf((_: object, v: unknown) => v !== null && v !== undefined)
  @Matches(ID, { message: ID_MESSAGE })
  engineerId?: string | null;
}

// ---- Stock movements ---------------------------------------------------------------------------------

class OnStockDto {
  @ApiProperty()
  @Id()
  warehouseId!: string;

  @ApiProperty()
  @Id()
  partId!: string;
}

export class ReceiveStockDto extends OnStockDto {
  @ApiProperty({ example: 10, description: 'Whole units of the part' })
  @Quantity()
  quantity!: number;

  @ApiProperty({ example: 1250, description: 'Cost per unit in fen (分)' })
  @Fen()
  unitCostFen!: number;

  @ApiPropertyOptional({ example: '人本轴承' })
  @Text(INVENTORY_LIMITS.name)
  supplier?: string;

  @ApiPropertyOptional()
  @Text(INVENTORY_LIMITS.note)
  note?: string;
}

export class ShelveStockDto {
  @ApiProperty({ description: 'Units that passed inspection (the rest are sent back)' })
  @Quantity(0)
  acceptedQuantity!: number;

  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_: object, v: unknown) => v !== null && v !== undefined)
  @Matches(BIN_CODE_PATTERN, { message: 'bin must be a bin code of the warehouse' })
  bin?: string | null;
}

export class StockRecipientDto {
  @ApiProperty({ enum: ['engineer', 'work-order'] })
  @IsIn(['engineer', 'work-order'])
  kind!: 'engineer' | 'work-order';

  @ApiPropertyOptional({ description: 'kind engineer: the engineer’s user id' })
  @ValidateIf((o: StockRecipientDto) => o.kind === 'engineer')
  @Matches(ID, { message: ID_MESSAGE })
  engineerId?: string;

  @ApiPropertyOptional({ description: 'kind work-order: the work order' })
  @ValidateIf((o: StockRecipientDto) => o.kind === 'work-order')
  @Matches(ID, { message: ID_MESSAGE })
  workOrderId?: string;
}

export class RequestStockIssueDto extends OnStockDto {
  @ApiProperty({ example: 2 })
  @Quantity()
  quantity!: number;

  @ApiProperty({ type: StockRecipientDto })
  @ValidateNested()
  @Type(() => StockRecipientDto)
  recipient!: StockRecipientDto;

  @ApiPropertyOptional()
  @Text(INVENTORY_LIMITS.note)
  note?: string;
}

export class StockNoteDto {
  @ApiPropertyOptional()
  @Text(INVENTORY_LIMITS.note)
  note?: string;
}

export class StockReasonDto {
  @ApiProperty({ example: '型号不符' })
  @Text(INVENTORY_LIMITS.note, true)
  reason!: string;
}

export class ReturnStockDto extends OnStockDto {
  @ApiProperty()
  @Quantity()
  quantity!: number;

  @ApiPropertyOptional({ description: 'Cost per unit in fen; left out, the current moving average' })
  @Fen(true)
  unitCostFen?: number;

  @ApiPropertyOptional({ type: StockRecipientDto, nullable: true, description: 'Who returns the parts' })
  @ValidateIf((_: object, v: unknown) => v !== null && v !== undefined)
  @ValidateNested()
  @Type(() => StockRecipientDto)
  from?: StockRecipientDto | null;

  @ApiProperty({ example: '未使用，退回' })
  @Text(INVENTORY_LIMITS.note, true)
  reason!: string;
}

export class TransferStockDto extends OnStockDto {
  @ApiProperty({ description: 'The warehouse the stock goes to (of the same enterprise)' })
  @Id()
  toWarehouseId!: string;

  @ApiProperty()
  @Quantity()
  quantity!: number;
}

export class ReceiveTransferDto {
  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_: object, v: unknown) => v !== null && v !== undefined)
  @Matches(BIN_CODE_PATTERN, { message: 'bin must be a bin code of the warehouse' })
  bin?: string | null;
}

export class AdjustStockDto extends OnStockDto {
  @ApiProperty({ example: -1, description: 'Units to add (positive) or take off (negative), not 0' })
  @IsInt()
  @Min(-INVENTORY_LIMITS.quantity)
  @Max(INVENTORY_LIMITS.quantity)
  delta!: number;

  @ApiProperty({ example: '盘点发现破损' })
  @Text(INVENTORY_LIMITS.note, true)
  reason!: string;
}

// ---- Queries -----------------------------------------------------------------------------------------

export const STOCK_LEVEL_SORTS = ['partCode', '-partCode', 'available', '-available', 'valueFen', '-valueFen', 'updatedAt', '-updatedAt'] as const;
export const STOCK_STATES = ['low', 'zero', 'unavailable', 'in-stock'] as const;

export class StockLevelQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @Id(true)
  warehouseId?: string;

  @ApiPropertyOptional()
  @Id(true)
  partId?: string;

  @ApiPropertyOptional({ description: 'A category code: its parts and its sub-categories’' })
  @IsOptional()
  @Matches(CATEGORY_CODE_PATTERN, { message: 'category must be a category code' })
  category?: string;

  @ApiPropertyOptional({ enum: STOCK_STATES, description: 'low: available ≤ safety stock; zero: none on hand; unavailable: none available; in-stock: some available' })
  @IsOptional()
  @IsIn([...STOCK_STATES])
  state?: (typeof STOCK_STATES)[number];

  @ApiPropertyOptional({ description: 'Part of the part code or name' })
  @Text(60)
  q?: string;

  @ApiPropertyOptional({ enum: STOCK_LEVEL_SORTS })
  @IsOptional()
  @IsIn([...STOCK_LEVEL_SORTS])
  sort?: (typeof STOCK_LEVEL_SORTS)[number];
}

export const MOVEMENT_TYPES = [
  'StockReceived',
  'StockShelved',
  'StockIssueRequested',
  'StockIssueApproved',
  'StockIssueRejected',
  'StockIssuePicked',
  'StockIssueDelivered',
  'StockIssueCancelled',
  'StockReturned',
  'StockTransferredOut',
  'StockTransferExpected',
  'StockTransferredIn',
  'StockAdjusted',
] as const;

export class StockMovementQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @Id(true)
  warehouseId?: string;

  @ApiPropertyOptional()
  @Id(true)
  partId?: string;

  @ApiPropertyOptional()
  @Id(true)
  documentId?: string;

  @ApiPropertyOptional({ enum: MOVEMENT_TYPES })
  @IsOptional()
  @IsIn([...MOVEMENT_TYPES])
  type?: (typeof MOVEMENT_TYPES)[number];

  @ApiPropertyOptional({ description: 'ISO instant: movements at or after it' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, { message: 'from must be a date or an ISO instant in UTC' })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO instant: movements before it' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, { message: 'to must be a date or an ISO instant in UTC' })
  to?: string;
}

export const DOCUMENT_KINDS = ['receipt', 'issue', 'transfer'] as const;
export const DOCUMENT_STATUSES = ['inspecting', 'shelved', 'requested', 'approved', 'picked', 'delivered', 'rejected', 'cancelled', 'in-transit', 'received'] as const;

export class StockDocumentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DOCUMENT_KINDS })
  @IsOptional()
  @IsIn([...DOCUMENT_KINDS])
  kind?: (typeof DOCUMENT_KINDS)[number];

  @ApiPropertyOptional({ enum: DOCUMENT_STATUSES })
  @IsOptional()
  @IsIn([...DOCUMENT_STATUSES])
  status?: (typeof DOCUMENT_STATUSES)[number];

  @ApiPropertyOptional({ description: 'Documents whose stock leaves or enters this warehouse' })
  @Id(true)
  warehouseId?: string;
}
