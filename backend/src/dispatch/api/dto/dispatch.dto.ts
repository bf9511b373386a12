import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { DEVICE_TYPES, ENGINEER_LEVELS, FAULT_TYPES, MAX_CAPACITY, MAX_CODES, MAX_EXPERIENCE_YEARS, MAX_FIELD_LENGTH, MAX_FIELDS } from '@kuaige/domain';

// Shapes and bounds: the deciders check the rest (catalogue codes, divisions, who may edit) and name
// the rule that failed in the same 400 body.

const DEVICE_CODES = Object.keys(DEVICE_TYPES);
const FAULT_CODES = Object.keys(FAULT_TYPES);
const LEVELS = Object.keys(ENGINEER_LEVELS);

export class ProfileCoordinatesDto {
  @ApiProperty({ example: 22.5329, minimum: -90, maximum: 90 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat!: number;

  @ApiProperty({ example: 113.9305, minimum: -180, maximum: 180 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng!: number;
}

export class ProviderProfileDto {
  @ApiProperty({ enum: DEVICE_CODES, isArray: true, description: 'Device types served (the maintenance catalogue)' })
  @ArrayMaxSize(MAX_CODES)
  @IsIn(DEVICE_CODES, { each: true })
  deviceTypes!: string[];

  @ApiProperty({ enum: FAULT_CODES, isArray: true })
  @ArrayMaxSize(MAX_CODES)
  @IsIn(FAULT_CODES, { each: true })
  faultTypes!: string[];

  @ApiProperty({ type: [String], example: ['4403', '440106'], description: "GB/T 2260 codes served ('CN' nationwide; a province or city covers what lies below)" })
  @ArrayMaxSize(MAX_CODES)
  @IsString({ each: true })
  @Matches(/^(CN|[0-9]{2}|[0-9]{4}|[0-9]{6})$/, { each: true, message: 'each service region is CN or a 2-, 4- or 6-digit division code' })
  serviceRegions!: string[];

  @ApiPropertyOptional({ type: ProfileCoordinatesDto, nullable: true, description: 'Where the provider sets out from (distance factor)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProfileCoordinatesDto)
  base?: ProfileCoordinatesDto | null;

  @ApiProperty({ example: 20, minimum: 1, maximum: MAX_CAPACITY, description: 'Orders it can have open at once' })
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity!: number;
}

export class EngineerSkillsDto {
  @ApiProperty({ enum: DEVICE_CODES, isArray: true })
  @ArrayMaxSize(MAX_CODES)
  @IsIn(DEVICE_CODES, { each: true })
  deviceTypes!: string[];

  @ApiProperty({ enum: FAULT_CODES, isArray: true })
  @ArrayMaxSize(MAX_CODES)
  @IsIn(FAULT_CODES, { each: true })
  faultTypes!: string[];

  @ApiProperty({ type: [String], example: ['西门子 840D 数控系统'], description: 'Specialities (专业领域)' })
  @ArrayMaxSize(MAX_FIELDS)
  @IsString({ each: true })
  @Length(1, MAX_FIELD_LENGTH, { each: true })
  fields!: string[];
}

export class EngineerProfileDto extends EngineerSkillsDto {
  @ApiProperty({ enum: LEVELS })
  @IsIn(LEVELS)
  level!: string;

  @ApiProperty({ example: 8, minimum: 0, maximum: MAX_EXPERIENCE_YEARS })
  @IsInt()
  @Min(0)
  @Max(MAX_EXPERIENCE_YEARS)
  yearsOfExperience!: number;

  @ApiPropertyOptional({ type: ProfileCoordinatesDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProfileCoordinatesDto)
  base?: ProfileCoordinatesDto | null;

  @ApiProperty({ example: true, description: 'Takes new assignments' })
  @IsBoolean()
  available!: boolean;
}

const PAGE = /^[1-9][0-9]{0,5}$/;
const PAGE_SIZE = /^([1-9]|[1-9][0-9]|100)$/;

export class EngineerSearchDto {
  @ApiPropertyOptional({ enum: [...DEVICE_CODES, ...FAULT_CODES], description: 'A device or fault type the engineer covers' })
  @IsOptional()
  @IsIn([...DEVICE_CODES, ...FAULT_CODES])
  skill?: string;

  @ApiPropertyOptional({ enum: LEVELS })
  @IsOptional()
  @IsIn(LEVELS)
  level?: string;

  @ApiPropertyOptional({ example: '4403', description: 'Division code of the enterprise’s jurisdiction' })
  @IsOptional()
  @Matches(/^(CN|[0-9]{2}|[0-9]{4}|[0-9]{6})$/, { message: 'region is CN or a 2-, 4- or 6-digit division code' })
  region?: string;

  @ApiPropertyOptional({ description: 'Only this enterprise’s engineers' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  enterpriseId?: string;

  @ApiPropertyOptional({ description: 'Text in the name or the fields' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  q?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  certified?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  available?: string;

  @ApiPropertyOptional({ enum: ['experience', 'updated'], default: 'experience' })
  @IsOptional()
  @IsIn(['experience', 'updated'])
  sort?: 'experience' | 'updated';

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Matches(PAGE, { message: 'page must be a whole number from 1' })
  page?: string;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Matches(PAGE_SIZE, { message: 'pageSize must be a whole number from 1 to 100' })
  pageSize?: string;
}

export class SuggestionQueryDto {
  @ApiPropertyOptional({ default: 10, maximum: 50 })
  @IsOptional()
  @Matches(/^([1-9]|[1-4][0-9]|50)$/, { message: 'limit must be a whole number from 1 to 50' })
  limit?: string;
}

export class HistoryQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'xlsx', 'pdf'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'xlsx', 'pdf'])
  format?: 'json' | 'xlsx' | 'pdf';

  @ApiPropertyOptional({ enum: ['zh-CN', 'en'], default: 'zh-CN' })
  @IsOptional()
  @IsIn(['zh-CN', 'en'])
  language?: 'zh-CN' | 'en';
}
