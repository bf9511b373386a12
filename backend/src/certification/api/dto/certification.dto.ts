import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
} from 'class-validator';
import { MATERIAL_MEDIA_TYPES, MATERIAL_TYPES, MAX_MATERIALS, MAX_SKILLS, MAX_YEARS, FILE_MAX_BYTES, ID_PHOTO_MEDIA_TYPES, type CertificationKind, type IdPhotoSide, type MaterialType } from '@kuaige/domain';
import { HasOnlyVisibleCharacters, NormalizedText } from '../../../identity/api/dto/validators';

// Shapes and bounds only: the deciders check the rest (GB 11643, divisions, one photo per side …)
// and name the rule that failed, with the same 400 body.

const BLOB_ID = /^[A-Za-z0-9_-]{1,128}$/;
const COUNTY_CODE = /^[0-9]{6}$/;

/** A reference to a file in the blob store, as the upload answered it. */
class BlobReferenceDto {
  @ApiProperty({ example: 'b-7f3c9a', description: 'The id the blob store gave the upload' })
  @IsString()
  @Matches(BLOB_ID, { message: 'blobId must be 1-128 letters, digits, - or _' })
  blobId!: string;

  @ApiProperty({ example: 'image/jpeg' })
  @IsString()
  @MaxLength(100)
  mediaType!: string;

  @ApiProperty({ example: 350_000, description: `bytes, at most ${FILE_MAX_BYTES}` })
  @IsInt()
  @Min(1)
  @Max(FILE_MAX_BYTES)
  size!: number;
}

export class IdPhotoDto extends BlobReferenceDto {
  @ApiProperty({ enum: ['front', 'back'] })
  @IsIn(['front', 'back'])
  side!: IdPhotoSide;

  @ApiProperty({ enum: ID_PHOTO_MEDIA_TYPES })
  @IsIn(ID_PHOTO_MEDIA_TYPES)
  declare mediaType: string;
}

export class MaterialDto extends BlobReferenceDto {
  @ApiProperty({ enum: MATERIAL_TYPES, description: '学历证书, 资格证书, 工作经历证明, 身份证, 其他' })
  @IsIn(MATERIAL_TYPES)
  type!: MaterialType;

  @ApiProperty({ enum: MATERIAL_MEDIA_TYPES })
  @IsIn(MATERIAL_MEDIA_TYPES)
  declare mediaType: string;
}

export class SubmitRealNameDto {
  @ApiProperty({ example: '张三', description: 'As on the ID card; stored encrypted, shown masked' })
  @NormalizedText()
  @IsString()
  @Validate(HasOnlyVisibleCharacters)
  @Matches(/^[\p{L}·• ]{2,40}$/u, { message: 'realName must be 2-40 letters (a middle dot · is allowed)' })
  realName!: string;

  @ApiProperty({ example: '11010519491231002X', description: '18-character resident ID number; stored encrypted, shown masked' })
  @IsString()
  @Length(18, 18)
  idNumber!: string;

  @ApiProperty({ type: [IdPhotoDto], description: 'One photo of the front and one of the back of the card' })
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => IdPhotoDto)
  photos!: IdPhotoDto[];

  @ApiProperty({ example: '440305', description: 'GB/T 2260 county where you live or work: its city operator reviews' })
  @IsString()
  @Matches(COUNTY_CODE, { message: 'countyCode must be a 6-digit county code' })
  countyCode!: string;
}

export class ApplyForCertificationDto {
  @ApiProperty({ enum: ['engineer', 'expert'] })
  @IsIn(['engineer', 'expert'])
  kind!: CertificationKind;

  @ApiProperty({ type: [MaterialDto] })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MATERIALS)
  @ValidateNested({ each: true })
  @Type(() => MaterialDto)
  materials!: MaterialDto[];

  @ApiProperty({ type: [String], example: ['电梯维保', '暖通空调'], description: 'Fields of expertise (擅长领域)' })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SKILLS)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  @Validate(HasOnlyVisibleCharacters, { each: true })
  skills!: string[];

  @ApiProperty({ example: 5, minimum: 0, maximum: MAX_YEARS })
  @IsInt()
  @Min(0)
  @Max(MAX_YEARS)
  years!: number;

  @ApiProperty({ example: '440305' })
  @IsString()
  @Matches(COUNTY_CODE, { message: 'countyCode must be a 6-digit county code' })
  countyCode!: string;
}

export class ReviewQueueQueryDto {
  @ApiPropertyOptional({ enum: ['pending-review', 'approved', 'rejected', 'revoked'] })
  @IsOptional()
  @IsIn(['pending-review', 'approved', 'rejected', 'revoked'])
  status?: string;

  @ApiPropertyOptional({ enum: ['real-name', 'engineer', 'expert'] })
  @IsOptional()
  @IsIn(['real-name', 'engineer', 'expert'])
  kind?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,5}$/, { message: 'page must be a whole number from 1' })
  page?: string;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Matches(/^(100|[1-9][0-9]?)$/, { message: 'pageSize must be a whole number from 1 to 100' })
  pageSize?: string;
}

export class ReviewDecisionDto {
  @ApiPropertyOptional({ example: '资料齐全', description: 'Required to reject: the applicant learns what to correct' })
  @IsOptional()
  @NormalizedText()
  @IsString()
  @MaxLength(500)
  @Validate(HasOnlyVisibleCharacters)
  opinion?: string;
}
