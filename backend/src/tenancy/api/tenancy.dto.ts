import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
} from 'class-validator';
import { HasOnlyVisibleCharacters, IsChosenName, IsMainlandMobile, NormalizedText } from '../../identity/api/dto/validators';

// ---- Request bodies and queries of the tenancy API: shape checks here, business rules in deciders ---

const DIVISION = /^(CN|\d{2}|\d{4}|\d{6})$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export class PageQueryDto {
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

export class SwitchContextDto {
  @ApiProperty({ enum: ['enterprise', 'operator'] })
  @IsIn(['enterprise', 'operator'])
  kind!: 'enterprise' | 'operator';

  @ApiProperty()
  @Matches(ID, { message: 'id must be 1-64 letters, digits, _ or -' })
  id!: string;
}

export class PrincipalDto {
  @ApiProperty({ example: '王建国' })
  @IsChosenName(1, 30)
  name!: string;

  @ApiPropertyOptional({ description: 'The principal’s account, when the person has one' })
  @IsOptional()
  @Matches(ID)
  userId?: string;
}

export class ContactsDto {
  @ApiProperty({ example: '13800138000', description: 'Stored encrypted, shown masked' })
  @Validate(IsMainlandMobile)
  phone!: string;

  @ApiPropertyOptional({ example: 'ops@example.cn' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(100)
  email?: string;
}

export class CreateOperatorNodeDto {
  @ApiProperty({ example: '4403', description: 'GB/T 2260 code of the division (CN, 2, 4 or 6 digits)' })
  @Matches(DIVISION, { message: 'divisionCode must be CN or a 2-, 4- or 6-digit GB/T 2260 code' })
  divisionCode!: string;

  @ApiProperty({ example: '深圳云站' })
  @IsChosenName(1, 60)
  name!: string;

  @ApiProperty({ type: PrincipalDto })
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => PrincipalDto)
  principal!: PrincipalDto;

  @ApiProperty({ type: ContactsDto })
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => ContactsDto)
  contacts!: ContactsDto;
}

export class UpdateOperatorNodeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsChosenName(1, 60)
  name?: string;

  @ApiPropertyOptional({ type: PrincipalDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PrincipalDto)
  principal?: PrincipalDto;

  @ApiPropertyOptional({ type: ContactsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactsDto)
  contacts?: ContactsDto;
}

export class SuspensionDto {
  @ApiProperty({ example: '整改' })
  @NormalizedText()
  @IsString()
  @Validate(HasOnlyVisibleCharacters)
  @Matches(/^.{1,200}$/su, { message: 'reason must be 1-200 characters' })
  reason!: string;
}

export class AppointStaffDto {
  @ApiProperty({ example: '13800138000', description: 'The mobile number the person registered with' })
  @Validate(IsMainlandMobile)
  phone!: string;

  @ApiProperty({ example: ['operator-admin'], description: 'operator-admin, operator-staff, compliance' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  roles!: string[];
}

export class NodeListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['national', 'province', 'city', 'county'] })
  @IsOptional()
  @IsIn(['national', 'province', 'city', 'county'])
  level?: string;

  @ApiPropertyOptional({ enum: ['active', 'suspended'] })
  @IsOptional()
  @IsIn(['active', 'suspended'])
  status?: string;

  @ApiPropertyOptional({ description: 'Name contains' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  q?: string;
}

export class TreeQueryDto {
  @ApiPropertyOptional({ description: 'The division whose children to list; without it, the caller’s own root' })
  @IsOptional()
  @Matches(DIVISION, { message: 'parent must be CN or a 2-, 4- or 6-digit GB/T 2260 code' })
  parent?: string;
}

export class AddressDto {
  @ApiProperty({ example: '440305', description: 'GB/T 2260 county code: fixes the enterprise’s jurisdiction' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be a 6-digit GB/T 2260 county code' })
  countyCode!: string;

  @ApiProperty({ example: '科技园南区 1 号' })
  @NormalizedText()
  @IsString()
  @Validate(HasOnlyVisibleCharacters)
  @Matches(/^.{1,200}$/su, { message: 'line must be 1-200 characters' })
  line!: string;
}

export class LicenceDto {
  @ApiProperty({ description: 'The uploaded licence (POST /api/v1/blobs)' })
  @Matches(ID)
  blobId!: string;

  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png'] })
  @IsString()
  @MaxLength(100)
  mediaType!: string;

  @ApiProperty()
  @IsInt()
  @Min(0)
  size!: number;
}

export class EnterpriseSubmissionDto {
  @ApiProperty({ enum: ['manufacturer', 'equipment-user', 'service-provider'] })
  @IsIn(['manufacturer', 'equipment-user', 'service-provider'])
  type!: 'manufacturer' | 'equipment-user' | 'service-provider';

  @ApiProperty({ example: '深圳快修科技有限公司' })
  @IsChosenName(2, 100)
  name!: string;

  @ApiProperty({ example: '91440300MA5G0Q4X9K', description: 'Unified social credit code (GB 32100, check character verified)' })
  @IsString()
  @MaxLength(18)
  uscc!: string;

  @ApiProperty({ type: AddressDto })
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;

  @ApiProperty({ type: LicenceDto })
  @IsObject({ message: '$property must be an object' })
  @ValidateNested()
  @Type(() => LicenceDto)
  licence!: LicenceDto;
}

export class RegisterEnterpriseDto extends EnterpriseSubmissionDto {
  @ApiPropertyOptional({ description: 'A sub-enterprise names its parent' })
  @IsOptional()
  @Matches(ID)
  parentEnterpriseId?: string;
}

export class ReviewDto {
  @ApiPropertyOptional({ example: '材料齐全' })
  @IsOptional()
  @NormalizedText()
  @IsString()
  @Validate(HasOnlyVisibleCharacters)
  @Matches(/^.{1,500}$/su, { message: 'opinion must be 1-500 characters' })
  opinion?: string;
}

export class RejectDto {
  @ApiProperty({ example: '营业执照不清晰' })
  @NormalizedText()
  @IsString()
  @Validate(HasOnlyVisibleCharacters)
  @Matches(/^.{1,500}$/su, { message: 'opinion must be 1-500 characters' })
  opinion!: string;
}

export class EnterpriseListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending-review', 'approved', 'rejected'] })
  @IsOptional()
  @IsIn(['pending-review', 'approved', 'rejected'])
  status?: string;

  @ApiPropertyOptional({ enum: ['manufacturer', 'equipment-user', 'service-provider'] })
  @IsOptional()
  @IsIn(['manufacturer', 'equipment-user', 'service-provider'])
  type?: string;

  @ApiPropertyOptional({ description: 'Name contains' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  q?: string;

  @ApiPropertyOptional({ description: 'Enterprises in this division (and below)' })
  @IsOptional()
  @Matches(DIVISION)
  region?: string;
}

export class DirectoryQueryDto {
  @ApiProperty({ description: 'At least 2 characters of the name' })
  @IsString()
  @Matches(/^.{2,60}$/su, { message: 'q must be 2-60 characters' })
  q!: string;
}

export class CreateNationalRootDto {
  @ApiProperty({ example: '快格总运营商' })
  @IsChosenName(1, 60)
  name!: string;

  @ApiProperty({ example: '王建国' })
  @IsChosenName(1, 30)
  principalName!: string;

  @ApiProperty({ example: '13800138000', description: 'The registered account to appoint as the national operator-admin' })
  @Validate(IsMainlandMobile)
  adminPhone!: string;
}
