import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { DEFAULT_WORK_ORDER_RULES, FAULT_TYPES, PRIORITIES, WORK_ORDER_STATUSES, DEVICE_TYPES } from '@kuaige/domain';
import { IsMainlandMobile, NormalizedText } from '../../identity/api/dto/validators';
import { RATED_FILTERS, SLA_FILTERS, WORK_ORDER_QUEUES, WORK_ORDER_SORTS } from '../read-models/work-order.queries';

// ---- Request bodies and queries of the work-order API: shapes here, business rules in the decider ---

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
// Line breaks and tabs are text; other controls, format characters (bidi overrides, zero-width) are not.
const PLAIN_TEXT = /^(?:[\t\n\r]|[^\p{Cc}\p{Cf}\p{Cs}\p{Co}])*$/u;

/** Free text of a step: a string of at most `max` characters, no hidden or reordering characters. */
const Text = (max: number, min = 0) =>
  applyDecorators(
    NormalizedText(),
    IsString(),
    ...(min > 0 ? [MinLength(min)] : []),
    MaxLength(max),
    Matches(PLAIN_TEXT, { message: '$property must not contain control, zero-width or text-direction characters' }),
  );

export class AttachmentDto {
  @ApiProperty({ description: 'An uploaded file (POST /api/v1/blobs) of the caller' })
  @Matches(ID, { message: 'blobId must be 1-64 letters, digits, _ or -' })
  blobId!: string;

  @ApiProperty({ enum: DEFAULT_WORK_ORDER_RULES.attachmentMediaTypes })
  @IsString()
  @MaxLength(100)
  mediaType!: string;

  @ApiProperty({ maximum: DEFAULT_WORK_ORDER_RULES.attachmentMaxBytes })
  @IsInt()
  @Min(0)
  size!: number;
}

const Attachments = () =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(DEFAULT_WORK_ORDER_RULES.maxAttachments),
    ValidateNested({ each: true }),
    Type(() => AttachmentDto),
  );

export class FaultDto {
  @ApiProperty({ enum: Object.keys(FAULT_TYPES) })
  @IsIn(Object.keys(FAULT_TYPES))
  type!: string;

  @ApiProperty({ example: '开机后压力上不去，伴有异响', maxLength: DEFAULT_WORK_ORDER_RULES.maxDescription })
  @Text(DEFAULT_WORK_ORDER_RULES.maxDescription, 1)
  description!: string;

  @ApiPropertyOptional({ type: [AttachmentDto], description: 'Photos (JPEG, PNG) or PDFs of the fault, uploaded first' })
  @IsOptional()
  @Attachments()
  attachments?: AttachmentDto[];
}

export class WorkOrderContactDto {
  @ApiProperty({ example: '张工' })
  @Text(50, 1)
  name!: string;

  @ApiProperty({ example: '13800138000', description: 'Stored encrypted; shown masked unless work-order:read-sensitive' })
  @Validate(IsMainlandMobile)
  phone!: string;
}

export class SubmitWorkOrderDto {
  @ApiProperty()
  @Matches(ID, { message: 'deviceId must be 1-64 letters, digits, _ or -' })
  deviceId!: string;

  @ApiProperty({ type: FaultDto })
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => FaultDto)
  fault!: FaultDto;

  @ApiPropertyOptional({ enum: Object.keys(PRIORITIES), default: 'normal' })
  @IsOptional()
  @IsIn(Object.keys(PRIORITIES))
  priority?: string;

  @ApiPropertyOptional({ enum: ['console', 'qr'], default: 'console', description: '`qr`: raised from the device’s QR label' })
  @IsOptional()
  @IsIn(['console', 'qr'])
  channel?: 'console' | 'qr';

  @ApiProperty({ type: WorkOrderContactDto })
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => WorkOrderContactDto)
  contact!: WorkOrderContactDto;
}

export class ReviewWorkOrderDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision!: 'approve' | 'reject';

  @ApiPropertyOptional({ example: '核实无误', description: 'Required to reject' })
  @IsOptional()
  @Text(500)
  opinion?: string;
}

export class SuggestionDto {
  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(1000)
  rank!: number;

  @ApiProperty()
  @Matches(ID, { message: 'suggestedProviderId must be 1-64 letters, digits, _ or -' })
  suggestedProviderId!: string;
}

export class DispatchOverrideDto {
  @ApiProperty({ example: '客户指定该服务商' })
  @Text(500, 1)
  reason!: string;
}

export class DispatchWorkOrderDto {
  @ApiProperty({ description: 'An approved service-provider enterprise' })
  @Matches(ID, { message: 'providerId must be 1-64 letters, digits, _ or -' })
  providerId!: string;

  @ApiPropertyOptional({ enum: Object.keys(PRIORITIES), description: 'Decided with the dispatch; default: unchanged' })
  @IsOptional()
  @IsIn(Object.keys(PRIORITIES))
  priority?: string;

  @ApiPropertyOptional({ type: SuggestionDto, description: 'The suggestion shown (GET …/dispatch-suggestions) and its rank' })
  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => SuggestionDto)
  suggestion?: SuggestionDto;

  @ApiPropertyOptional({ type: DispatchOverrideDto, description: 'Required when another provider than the suggested one is chosen' })
  @IsOptional()
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => DispatchOverrideDto)
  override?: DispatchOverrideDto;
}

export class WorkOrderReasonDto {
  @ApiProperty({ example: '超出服务区域' })
  @Text(500, 1)
  reason!: string;
}

export class NoteDto {
  @ApiPropertyOptional({ example: '' })
  @IsOptional()
  @Text(500)
  note?: string;
}

export class OpinionDto {
  @ApiPropertyOptional({ example: '' })
  @IsOptional()
  @Text(500)
  opinion?: string;
}

export class AssignEngineerDto {
  @ApiProperty({ description: 'User id of an active member of the provider' })
  @Matches(ID, { message: 'engineerId must be 1-64 letters, digits, _ or -' })
  engineerId!: string;
}

export class ProgressDto {
  @ApiProperty({ example: '已到现场，正在排查' })
  @Text(1000, 1)
  note!: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  percent?: number;

  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @Attachments()
  attachments?: AttachmentDto[];
}

const STOCK_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class PartDto {
  @ApiPropertyOptional({ example: '进气阀', description: 'required for a free-text part; a stocked part takes its catalogue name' })
  @ValidateIf((p: PartDto) => p.partId === undefined || p.name !== undefined)
  @Text(100, 1)
  name?: string;

  @ApiPropertyOptional({ description: 'a catalogue part of the provider: issued from `warehouseId` (the engineer’s van: at once; a store: after its approval)' })
  @IsOptional()
  @Matches(STOCK_ID, { message: '$property must be 1-64 letters, digits, _ or -' })
  partId?: string;

  @ApiPropertyOptional({ description: 'the warehouse a stocked part comes from; required with partId' })
  @ValidateIf((p: PartDto) => p.partId !== undefined || p.warehouseId !== undefined)
  @Matches(STOCK_ID, { message: '$property must be 1-64 letters, digits, _ or -' })
  warehouseId?: string;

  @ApiProperty({ example: 1 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  quantity!: number;

  @ApiPropertyOptional({ example: '个' })
  @IsOptional()
  @Text(20)
  unit?: string;
}

export class ProcessingRecordDto {
  @ApiProperty({ example: '拆检进气阀，更换阀片' })
  @Text(2000, 1)
  steps!: string;

  @ApiPropertyOptional({ type: [PartDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PartDto)
  parts?: PartDto[];

  @ApiPropertyOptional({ type: [String], example: ['扳手'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  tools?: string[];

  @ApiPropertyOptional({ example: '阀片磨损' })
  @IsOptional()
  @Text(1000)
  cause?: string;

  @ApiPropertyOptional({ example: '压力恢复正常' })
  @IsOptional()
  @Text(1000)
  result?: string;

  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @Attachments()
  attachments?: AttachmentDto[];
}

export class PauseDto {
  @ApiProperty({ enum: ['awaiting-customer', 'awaiting-parts'] })
  @IsIn(['awaiting-customer', 'awaiting-parts'])
  reason!: 'awaiting-customer' | 'awaiting-parts';

  @ApiPropertyOptional({ example: '等待配件到货' })
  @IsOptional()
  @Text(500)
  note?: string;
}

export class CompleteDto {
  @ApiPropertyOptional({ example: '已修复，试运行正常' })
  @IsOptional()
  @Text(1000)
  summary?: string;
}

export class ReceiptDto {
  @ApiProperty({ example: '维修完成，客户已签字确认' })
  @Text(1000, 1)
  summary!: string;

  @ApiPropertyOptional({ type: [AttachmentDto], description: 'The signed receipt, photos of the result' })
  @IsOptional()
  @Attachments()
  attachments?: AttachmentDto[];
}

export class EvaluationDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'Quality of the work (CX-1)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  quality?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'Efficiency: response and repair time (CX-1)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  efficiency?: number;

  @ApiPropertyOptional({ example: '响应及时，修得好' })
  @IsOptional()
  @Text(1000)
  opinion?: string;
}

export class WarrantyJudgementDto {
  @ApiProperty({ enum: ['in-warranty', 'out-of-warranty'] })
  @IsIn(['in-warranty', 'out-of-warranty'])
  judgement!: 'in-warranty' | 'out-of-warranty';

  @ApiPropertyOptional({ example: '在保修期内，免费维修' })
  @IsOptional()
  @Text(1000)
  opinion?: string;
}

export class PriorityDto {
  @ApiProperty({ enum: Object.keys(PRIORITIES) })
  @IsIn(Object.keys(PRIORITIES))
  priority!: string;
}

/** A calendar day YYYY-MM-DD or an ISO 8601 instant with its offset, that exists (no 2026-13-45). */
@ValidatorConstraint({ name: 'dateOrInstant' })
export class IsDateOrInstant implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !DATE_OR_INSTANT.test(value)) return false;
    const day = value.slice(0, 10);
    const midnight = Date.parse(`${day}T00:00:00Z`);
    return Number.isFinite(Date.parse(value)) && Number.isFinite(midnight) && new Date(midnight).toISOString().slice(0, 10) === day;
  }
  defaultMessage(): string {
    return '$property must be a day YYYY-MM-DD or an ISO 8601 instant with its offset';
  }
}
const commaList = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value));

export class WorkOrderListQueryDto {
  @ApiPropertyOptional({ description: `Comma list of ${WORK_ORDER_STATUSES.join(', ')}` })
  @IsOptional()
  @commaList()
  @IsArray()
  @ArrayMaxSize(WORK_ORDER_STATUSES.length)
  @IsIn([...WORK_ORDER_STATUSES], { each: true })
  status?: string[];

  @ApiPropertyOptional({ enum: Object.keys(PRIORITIES) })
  @IsOptional()
  @IsIn(Object.keys(PRIORITIES))
  priority?: string;

  @ApiPropertyOptional({ enum: Object.keys(DEVICE_TYPES) })
  @IsOptional()
  @IsIn(Object.keys(DEVICE_TYPES))
  deviceType?: string;

  @ApiPropertyOptional({ enum: Object.keys(FAULT_TYPES) })
  @IsOptional()
  @IsIn(Object.keys(FAULT_TYPES))
  faultType?: string;

  @ApiPropertyOptional({ description: 'Division code (GB/T 2260): orders of devices in it', example: '4403' })
  @IsOptional()
  @Matches(/^(CN|\d{2}|\d{4}|\d{6})$/, { message: 'region must be CN or a 2, 4 or 6 digit division code' })
  region?: string;

  @ApiPropertyOptional({ description: 'Submitted from (a China calendar day YYYY-MM-DD, or an ISO instant)' })
  @IsOptional()
  @Validate(IsDateOrInstant)
  from?: string;

  @ApiPropertyOptional({ description: 'Submitted until (that day included, or an ISO instant)' })
  @IsOptional()
  @Validate(IsDateOrInstant)
  to?: string;

  @ApiPropertyOptional({ description: 'Text in the fault description (its first 120 characters)' })
  @IsOptional()
  @Text(60, 1)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID, { message: 'deviceId must be 1-64 letters, digits, _ or -' })
  deviceId?: string;

  @ApiPropertyOptional({ description: 'Dispatched to this service provider (enterprise id)' })
  @IsOptional()
  @Matches(ID, { message: 'providerId must be 1-64 letters, digits, _ or -' })
  providerId?: string;

  @ApiPropertyOptional({ description: 'Assigned to this engineer (user id)' })
  @IsOptional()
  @Matches(ID, { message: 'assigneeId must be 1-64 letters, digits, _ or -' })
  assigneeId?: string;

  @ApiPropertyOptional({ description: 'Raised by this equipment-user enterprise' })
  @IsOptional()
  @Matches(ID, { message: 'requesterId must be 1-64 letters, digits, _ or -' })
  requesterId?: string;

  @ApiPropertyOptional({ description: 'Of a device made by this manufacturer' })
  @IsOptional()
  @Matches(ID, { message: 'manufacturerId must be 1-64 letters, digits, _ or -' })
  manufacturerId?: string;

  @ApiPropertyOptional({ enum: SLA_FILTERS, description: 'breached: a response or resolution target went overdue; met: none did' })
  @IsOptional()
  @IsIn([...SLA_FILTERS])
  sla?: (typeof SLA_FILTERS)[number];

  @ApiPropertyOptional({ type: Boolean, description: 'true: reopened at least once (rework); false: never' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'reopened must be true or false' })
  reopened?: boolean;

  @ApiPropertyOptional({ enum: RATED_FILTERS, description: 'low: the equipment user scored it 2 or less' })
  @IsOptional()
  @IsIn([...RATED_FILTERS])
  rated?: (typeof RATED_FILTERS)[number];

  @ApiPropertyOptional({ description: 'Completed from (a China calendar day YYYY-MM-DD, or an ISO instant)' })
  @IsOptional()
  @Validate(IsDateOrInstant)
  completedFrom?: string;

  @ApiPropertyOptional({ description: 'Completed until (that day included, or an ISO instant)' })
  @IsOptional()
  @Validate(IsDateOrInstant)
  completedTo?: string;

  @ApiPropertyOptional({ enum: WORK_ORDER_QUEUES, description: 'mine: my tasks as engineer; provider: my provider’s work; dispatch: the operator’s board' })
  @IsOptional()
  @IsIn([...WORK_ORDER_QUEUES])
  queue?: (typeof WORK_ORDER_QUEUES)[number];

  @ApiPropertyOptional({ enum: WORK_ORDER_SORTS.flatMap((s) => [s, `-${s}`]), default: '-submittedAt' })
  @IsOptional()
  @IsIn(WORK_ORDER_SORTS.flatMap((s) => [s, `-${s}`]))
  sort?: string;

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
