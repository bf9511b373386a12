import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Validate,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { HasOnlyVisibleCharacters, IsChosenName, IsMainlandMobile, NormalizedText } from '../../identity/api/dto/validators';
import { PageQueryDto } from './tenancy.dto';

// ---- Request bodies and queries of the organisation API: shapes here, business rules in deciders ---

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ID_MESSAGE = '$property must be 1-64 letters, digits, _ or -';
const PERMISSION = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/;
/** The catalogue has fewer entries; a longer list is not a role anyone meant. */
const PERMISSIONS_MAX = 200;

/** Optional text, trimmed, without hidden characters, at most `max` characters. */
const FreeText = (max: number) => (target: object, key: string) => {
  NormalizedText()(target, key);
  IsOptional()(target, key);
  IsString()(target, key);
  MaxLength(max)(target, key);
  Validate(HasOnlyVisibleCharacters)(target, key);
};

/** An id or null (null: none — the top of the tree, no department). */
const IdOrNull = () => (target: object, key: string) => {
  ValidateIf((_: object, value: unknown) => value !== null && value !== undefined)(target, key);
  Matches(ID, { message: ID_MESSAGE })(target, key);
};

export class CreateDepartmentDto {
  @ApiProperty({ example: '售后服务部', maxLength: 50 })
  @IsChosenName(1, 50)
  name!: string;

  @ApiPropertyOptional({ nullable: true, description: 'The parent department; absent or null: a top-level department' })
  @IdOrNull()
  parentId?: string | null;

  @ApiPropertyOptional({ example: '负责报修受理与派工', maxLength: 500, description: '部门职责' })
  @FreeText(500)
  responsibilities?: string;
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional({ maxLength: 50 })
  @IsOptional()
  @IsChosenName(1, 50)
  name?: string;

  @ApiPropertyOptional({ nullable: true, description: 'Move under this department; null: to the top level' })
  @IdOrNull()
  parentId?: string | null;

  @ApiPropertyOptional({ maxLength: 500 })
  @FreeText(500)
  responsibilities?: string;
}

export class MemberListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['active', 'requested', 'invited', 'departed'], default: 'active' })
  @IsOptional()
  @IsIn(['active', 'requested', 'invited', 'departed'])
  status?: 'active' | 'requested' | 'invited' | 'departed';

  @ApiPropertyOptional({ description: 'Members of this department only' })
  @IsOptional()
  @Matches(ID, { message: ID_MESSAGE })
  departmentId?: string;

  @ApiPropertyOptional({ description: 'Name contains, or the exact mobile number' })
  @IsOptional()
  @NormalizedText()
  @IsString()
  @MaxLength(50)
  @Validate(HasOnlyVisibleCharacters)
  q?: string;
}

export class RoleKeysDto {
  @ApiProperty({ example: ['member'], description: 'Built-in role keys (admin, member, engineer) or custom role ids' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(ID, { each: true, message: 'each of $property must be 1-64 letters, digits, _ or -' })
  roles!: string[];
}

export class UpdateMemberDto {
  @ApiPropertyOptional({ nullable: true, description: 'The member’s department; null takes it out of any' })
  @IdOrNull()
  departmentId?: string | null;

  @ApiPropertyOptional({ example: ['member'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(ID, { each: true, message: 'each of $property must be 1-64 letters, digits, _ or -' })
  roles?: string[];
}

export class ReasonDto {
  @ApiProperty({ example: '合同到期' })
  @NormalizedText()
  @IsString()
  @Validate(HasOnlyVisibleCharacters)
  @Matches(/^.{1,200}$/su, { message: 'reason must be 1-200 characters' })
  reason!: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional({ example: '资料不全' })
  @FreeText(200)
  reason?: string;
}

export class InviteDto {
  @ApiPropertyOptional({
    example: '13800138000',
    description: 'Invite this registered person only; without it the link admits whoever signs in with it',
  })
  @IsOptional()
  @Validate(IsMainlandMobile)
  phone?: string;
}

export class AcceptInvitationDto {
  @ApiProperty()
  @Matches(ID, { message: ID_MESSAGE })
  enterpriseId!: string;

  @ApiProperty({ description: 'The token of the invitation link' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{20,1000}$/, { message: 'token must be the token of an invitation link' })
  token!: string;
}

export class OverrideDto {
  @ApiProperty({ example: 'department:read' })
  @Matches(PERMISSION, { message: 'permission must be a catalogue entry such as department:read' })
  permission!: string;

  @ApiProperty({ enum: ['allow', 'deny'] })
  @IsIn(['allow', 'deny'])
  effect!: 'allow' | 'deny';
}

export class OverridesDto {
  @ApiProperty({ type: [OverrideDto] })
  @IsArray()
  @ArrayMaxSize(PERMISSIONS_MAX)
  @ValidateNested({ each: true })
  @Type(() => OverrideDto)
  overrides!: OverrideDto[];
}

export class CreateRoleDto {
  @ApiProperty({ example: '调度员', maxLength: 30 })
  @IsChosenName(1, 30)
  name!: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @FreeText(200)
  description?: string;

  @ApiProperty({ example: ['work-order:read', 'work-order:dispatch'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PERMISSIONS_MAX)
  @Matches(PERMISSION, { each: true, message: 'each of permissions must be a catalogue entry such as work-order:dispatch' })
  permissions!: string[];
}

export class UpdateRoleDto {
  @ApiPropertyOptional({ maxLength: 30 })
  @IsOptional()
  @IsChosenName(1, 30)
  name?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @FreeText(200)
  description?: string;

  @ApiPropertyOptional({ example: ['work-order:read'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PERMISSIONS_MAX)
  @Matches(PERMISSION, { each: true, message: 'each of permissions must be a catalogue entry such as work-order:dispatch' })
  permissions?: string[];
}

/** Files come as JSON (the API takes no multipart): base64 of at most 2 MB of CSV or XLSX. */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

export class ImportDto {
  @ApiProperty({ example: '员工.xlsx' })
  @IsString()
  @Validate(HasOnlyVisibleCharacters)
  @Matches(/^[^/\\]{1,120}\.(csv|xlsx)$/iu, { message: 'fileName must end in .csv or .xlsx' })
  fileName!: string;

  @ApiProperty({ description: 'The file, base64-encoded (at most 2 MB decoded)' })
  @IsString()
  @MaxLength(Math.ceil(IMPORT_MAX_BYTES / 3) * 4 + 4, { message: 'contentBase64 must decode to at most 2 MB' })
  @Matches(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'contentBase64 must be base64' })
  contentBase64!: string;
}

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'])
  format?: 'csv' | 'xlsx';

  @ApiPropertyOptional({ enum: ['zh-CN', 'en'], default: 'zh-CN' })
  @IsOptional()
  @IsIn(['zh-CN', 'en'])
  language?: 'zh-CN' | 'en';
}
