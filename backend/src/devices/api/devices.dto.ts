import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
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
} from 'class-validator';
import { DEVICE_LIMITS, DEVICE_OPERATING_STATUSES, DEVICE_TYPES, FAULT_TYPES } from '@kuaige/domain';
import { HasOnlyVisibleCharacters, IsChosenName, IsMainlandMobile, NormalizedText } from '../../identity/api/dto/validators';
import { PageQueryDto } from '../../tenancy/api/tenancy.dto';
import { DEVICE_SORTS, type DeviceSort } from '../read-models/devices.queries';

// ---- Request bodies and queries of the devices API: shapes here, business rules in the decider -----

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ID_MESSAGE = '$property must be 1-64 letters, digits, _ or -';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '$property must be a date written YYYY-MM-DD';
const DEVICE_TYPE_CODES = Object.keys(DEVICE_TYPES);
const ALL_STATUSES = [...DEVICE_OPERATING_STATUSES, 'scrapped'];

/** Text, trimmed and without hidden characters, at most `max` characters; optional unless `required`. */
const Text = (max: number, required = false) => (target: object, key: string) => {
  NormalizedText()(target, key);
  if (!required) IsOptional()(target, key);
  IsString()(target, key);
  MaxLength(max)(target, key);
  Validate(HasOnlyVisibleCharacters)(target, key);
};

/** A date or null (null: not known). */
const DateOrNull = () => (target: object, key: string) => {
  ValidateIf((_: object, value: unknown) => value !== null && value !== undefined)(target, key);
  Matches(DATE, { message: DATE_MESSAGE })(target, key);
};

export class ParameterDto {
  @ApiProperty({ example: '主轴转速' })
  @Text(DEVICE_LIMITS.parameterName, true)
  name!: string;

  @ApiProperty({ example: '12000' })
  @Text(DEVICE_LIMITS.parameterValue, true)
  value!: string;

  @ApiPropertyOptional({ example: 'rpm' })
  @Text(DEVICE_LIMITS.parameterUnit)
  unit?: string;
}

export class CoordinatesDto {
  @ApiProperty({ example: 22.54 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  lat!: number;

  @ApiProperty({ example: 113.95 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  lng!: number;
}

export class ImageDto {
  @ApiProperty({ description: 'An uploaded picture (POST /api/v1/blobs)' })
  @Matches(ID, { message: ID_MESSAGE })
  blobId!: string;

  @ApiProperty({ enum: ['image/jpeg', 'image/png'] })
  @IsIn(['image/jpeg', 'image/png'])
  mediaType!: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  size!: number;
}

/** Fields that are optional whether a device is registered or changed. */
class DeviceFieldsDto {
  @ApiPropertyOptional({ example: '行程 850×500×550 mm' })
  @Text(DEVICE_LIMITS.spec)
  spec?: string;

  @ApiPropertyOptional({ type: [ParameterDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(DEVICE_LIMITS.parameters)
  @ValidateNested({ each: true })
  @Type(() => ParameterDto)
  parameters?: ParameterDto[];

  @ApiPropertyOptional({ example: '二期厂房', nullable: true })
  @ValidateIf((_: object, value: unknown) => value !== null && value !== undefined)
  @Text(DEVICE_LIMITS.project)
  project?: string | null;

  @ApiPropertyOptional({ example: '2025-06-01', nullable: true })
  @DateOrNull()
  manufacturedOn?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: DEVICE_LIMITS.warrantyMonths, description: 'Months of warranty from the sale date (default 12)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(DEVICE_LIMITS.warrantyMonths)
  warrantyMonths?: number;

  @ApiPropertyOptional({ type: CoordinatesDto, nullable: true })
  @ValidateIf((_: object, value: unknown) => value !== null && value !== undefined)
  @ValidateNested()
  @Type(() => CoordinatesDto)
  coordinates?: CoordinatesDto | null;

  @ApiPropertyOptional({ type: [ImageDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(DEVICE_LIMITS.images)
  @ValidateNested({ each: true })
  @Type(() => ImageDto)
  images?: ImageDto[];

  @ApiPropertyOptional({ description: 'Whether anyone with the QR label may submit a request without an account' })
  @IsOptional()
  @IsBoolean()
  publicRequests?: boolean;
}

/** What PATCH may change; every field optional, the rest stays as it is. */
export class UpdateDeviceDto extends DeviceFieldsDto {
  @ApiPropertyOptional({ example: '五轴立式加工中心' })
  @IsChosenName(1, DEVICE_LIMITS.name)
  name?: string;

  @ApiPropertyOptional({ example: 'VMC-850' })
  @IsChosenName(1, DEVICE_LIMITS.model)
  model?: string;

  @ApiPropertyOptional({ enum: DEVICE_TYPE_CODES })
  @IsOptional()
  @IsIn(DEVICE_TYPE_CODES, { message: `type must be one of the catalogue's device types` })
  type?: string;

  @ApiPropertyOptional({ example: '440305', description: 'GB/T 2260 county code of the device’s location' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be a 6-digit GB/T 2260 county code' })
  countyCode?: string;

  @ApiPropertyOptional({ example: '南山区科技园 1 号' })
  @IsChosenName(1, DEVICE_LIMITS.address)
  address?: string;
}

export class RegisterDeviceDto extends DeviceFieldsDto {
  @ApiProperty({ example: 'SN-2026-0001', description: 'Serial or asset number, unique for the registering enterprise' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'number must be 1-64 letters, digits, dots, dashes or underscores' })
  number!: string;

  @ApiProperty({ example: '五轴立式加工中心' })
  @Text(DEVICE_LIMITS.name, true)
  @MinLength(1, { message: '$property must not be empty' })
  name!: string;

  @ApiProperty({ example: 'VMC-850' })
  @Text(DEVICE_LIMITS.model, true)
  @MinLength(1, { message: '$property must not be empty' })
  model!: string;

  @ApiProperty({ enum: DEVICE_TYPE_CODES })
  @IsIn(DEVICE_TYPE_CODES, { message: `type must be one of the catalogue's device types` })
  type!: string;

  @ApiProperty({ example: '440305' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be a 6-digit GB/T 2260 county code' })
  countyCode!: string;

  @ApiProperty({ example: '南山区科技园 1 号' })
  @Text(DEVICE_LIMITS.address, true)
  @MinLength(1, { message: '$property must not be empty' })
  address!: string;

  @ApiPropertyOptional({ description: 'An equipment user names the manufacturer enterprise, when it is on the platform', nullable: true })
  @ValidateIf((_: object, value: unknown) => value !== null && value !== undefined)
  @Matches(ID, { message: ID_MESSAGE })
  manufacturerId?: string | null;

  @ApiPropertyOptional({ example: '2026-01-15', description: 'An equipment user’s purchase date; a manufacturer records sales with POST …/sale', nullable: true })
  @DateOrNull()
  soldOn?: string | null;
}

export class SaleDto {
  @ApiProperty({ description: 'The equipment-user enterprise the device was sold to' })
  @Matches(ID, { message: ID_MESSAGE })
  ownerId!: string;

  @ApiProperty({ example: '2026-01-15' })
  @Matches(DATE, { message: DATE_MESSAGE })
  soldOn!: string;
}

export class StatusDto {
  @ApiProperty({ enum: DEVICE_OPERATING_STATUSES })
  @IsIn([...DEVICE_OPERATING_STATUSES], { message: 'status must be active, idle or faulty (retire a device to scrap it)' })
  status!: string;
}

export class RetireDto {
  @ApiProperty({ example: '设备老化，已报废' })
  @Text(DEVICE_LIMITS.reason, true)
  @Matches(/^.+$/su, { message: 'reason must not be empty' })
  reason!: string;
}

export class DeviceListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DEVICE_TYPE_CODES })
  @IsOptional()
  @IsIn(DEVICE_TYPE_CODES, { message: `type must be one of the catalogue's device types` })
  type?: string;

  @ApiPropertyOptional({ enum: ALL_STATUSES })
  @IsOptional()
  @IsIn(ALL_STATUSES)
  status?: string;

  @ApiPropertyOptional()
  @Text(DEVICE_LIMITS.project)
  project?: string;

  @ApiPropertyOptional({ example: '4403', description: 'A division code: devices in that region' })
  @IsOptional()
  @Matches(/^(CN|\d{2}|\d{4}|\d{6})$/, { message: "region must be a GB/T 2260 code ('CN', or 2, 4 or 6 digits)" })
  region?: string;

  @ApiPropertyOptional({ description: 'Part of the number, name or model' })
  @Text(50)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  ownerId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  manufacturerId?: string;

  @ApiPropertyOptional({ enum: DEVICE_SORTS, default: '-updatedAt' })
  @IsOptional()
  @IsIn([...DEVICE_SORTS])
  sort?: DeviceSort;
}

export class DeviceExportQueryDto extends DeviceListQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';

  @ApiPropertyOptional({ enum: ['zh-CN', 'en'], default: 'zh-CN' })
  @IsOptional()
  @IsIn(['zh-CN', 'en'])
  language?: 'zh-CN' | 'en';
}

export class PublicRequestContactDto {
  @ApiProperty({ example: '张师傅' })
  @Text(30, true)
  @MinLength(1, { message: '$property must not be empty' })
  name!: string;

  @ApiProperty({ example: '13800138000' })
  @IsString()
  @Validate(IsMainlandMobile)
  phone!: string;
}

/**
 * A request from the device's public QR form: no account, a contact and what is wrong. No photos: files
 * are uploaded by signed-in users only (POST /api/v1/blobs).
 */
export class PublicRequestDto {
  @ApiProperty({ type: PublicRequestContactDto })
  @ValidateNested()
  @Type(() => PublicRequestContactDto)
  contact!: PublicRequestContactDto;

  @ApiProperty({ enum: Object.keys(FAULT_TYPES) })
  @IsIn(Object.keys(FAULT_TYPES), { message: "faultType must be one of the catalogue's fault types" })
  faultType!: string;

  @ApiProperty({ example: '主轴异响，加工精度下降' })
  @Text(2000, true)
  @Matches(/^.{5,}$/su, { message: 'description must be at least 5 characters' })
  description!: string;
}
