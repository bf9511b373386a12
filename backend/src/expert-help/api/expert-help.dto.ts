import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_BIO_LENGTH, MAX_COMMENT_LENGTH, MAX_IMAGES, MAX_MESSAGE_LENGTH, MAX_QUESTION_LENGTH, MAX_REASON_LENGTH, MAX_SUMMARY_LENGTH, MAX_TARIFF_FEN } from '@kuaige/domain';

// Shapes and bounds; the decider checks the rest (who may, in which state, trimmed texts) and names
// the rule in the same error body.

const BLOB_ID = /^[A-Za-z0-9_-]{1,128}$/;
const ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const PAGE = /^[1-9][0-9]{0,5}$/;
const PAGE_SIZE = /^([1-9]|[1-9][0-9]|100)$/;

export class ExpertHelpRequestDto {
  @ApiProperty({ description: 'The expert’s user id (GET /api/v1/experts)' })
  @IsString()
  @Matches(ID, { message: 'expertId is an id of letters, digits and _ . : -' })
  expertId!: string;

  @ApiProperty({ example: '数控系统', description: 'One of the expert’s certified fields' })
  @IsString()
  @Length(1, 30)
  fieldCode!: string;

  @ApiProperty({ maxLength: MAX_QUESTION_LENGTH })
  @IsString()
  @MaxLength(MAX_QUESTION_LENGTH)
  question!: string;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_IMAGES, description: 'Files I uploaded (JPEG, PNG or PDF)' })
  @IsOptional()
  @ArrayMaxSize(MAX_IMAGES)
  @IsString({ each: true })
  @Matches(BLOB_ID, { each: true, message: 'each attachment is a blob id' })
  attachmentBlobIds?: string[];
}

export class DeclineHelpDto {
  @ApiProperty({ maxLength: MAX_REASON_LENGTH })
  @IsString()
  @MaxLength(MAX_REASON_LENGTH)
  reason!: string;
}

export class ChatMessageDto {
  @ApiPropertyOptional({ maxLength: MAX_MESSAGE_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_MESSAGE_LENGTH)
  text?: string;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_IMAGES, description: 'Images I uploaded (JPEG or PNG)' })
  @IsOptional()
  @ArrayMaxSize(MAX_IMAGES)
  @IsString({ each: true })
  @Matches(BLOB_ID, { each: true, message: 'each image is a blob id' })
  imageBlobIds?: string[];
}

export class ChatReadDto {
  @ApiProperty({ description: 'The newest message I have seen' })
  @IsString()
  @Matches(ID, { message: 'upToMessageId is a message id' })
  upToMessageId!: string;
}

export class CloseHelpDto {
  @ApiProperty({ maxLength: MAX_SUMMARY_LENGTH, description: 'What was found and done: joins the work order’s record' })
  @IsString()
  @MaxLength(MAX_SUMMARY_LENGTH)
  summary!: string;
}

export class RatingDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  score!: number;

  @ApiPropertyOptional({ maxLength: MAX_COMMENT_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_COMMENT_LENGTH)
  comment?: string;
}

export class ExpertProfileDto {
  @ApiProperty({ example: 20000, description: 'Fee per help in fen (20000 = ¥200.00)', minimum: 0, maximum: MAX_TARIFF_FEN })
  @IsInt()
  @Min(0)
  @Max(MAX_TARIFF_FEN)
  tariffFen!: number;

  @ApiProperty({ description: 'Accepting requests now' })
  @IsBoolean()
  available!: boolean;

  @ApiPropertyOptional({ maxLength: MAX_BIO_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_BIO_LENGTH)
  bio?: string;
}

export class MessagesQueryDto {
  @ApiPropertyOptional({ default: 0, description: 'Messages after this seq' })
  @IsOptional()
  @Matches(/^(0|[1-9][0-9]{0,8})$/, { message: 'after is a whole number from 0' })
  after?: string;

  @ApiPropertyOptional({ default: 100, maximum: 200 })
  @IsOptional()
  @Matches(/^([1-9]|[1-9][0-9]|1[0-9][0-9]|200)$/, { message: 'limit is a whole number from 1 to 200' })
  limit?: string;
}

export class ExpertSearchDto {
  @ApiPropertyOptional({ example: '数控系统', description: 'A certified field of expertise' })
  @IsOptional()
  @IsString()
  @Length(1, 30)
  field?: string;

  @ApiPropertyOptional({ description: 'Text in the fields or the introduction' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  q?: string;

  @ApiPropertyOptional({ description: 'Highest fee in fen' })
  @IsOptional()
  @Matches(/^(0|[1-9][0-9]{0,7})$/, { message: 'maxFeeFen is a whole number of fen' })
  maxFeeFen?: string;

  @ApiPropertyOptional({ description: 'Lowest average rating, 0–5' })
  @IsOptional()
  @Matches(/^[0-5](\.[0-9])?$/, { message: 'minRating is a number from 0 to 5 with at most one decimal' })
  minRating?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  available?: string;

  @ApiPropertyOptional({ enum: ['rating', 'fee', 'experience', 'workload'], default: 'rating' })
  @IsOptional()
  @IsIn(['rating', 'fee', 'experience', 'workload'])
  sort?: 'rating' | 'fee' | 'experience' | 'workload';

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Matches(PAGE, { message: 'page must be a whole number from 1' })
  page?: string;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Matches(PAGE_SIZE, { message: 'pageSize must be a whole number from 1 to 100' })
  pageSize?: string;
}

export class MyHelpsQueryDto {
  @ApiPropertyOptional({ enum: ['expert', 'engineer'], default: 'expert', description: 'Helps asked of me (expert) or by me (engineer)' })
  @IsOptional()
  @IsIn(['expert', 'engineer'])
  role?: 'expert' | 'engineer';

  @ApiPropertyOptional({ enum: ['requested', 'accepted', 'declined', 'closed'] })
  @IsOptional()
  @IsIn(['requested', 'accepted', 'declined', 'closed'])
  status?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Matches(PAGE, { message: 'page must be a whole number from 1' })
  page?: string;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Matches(PAGE_SIZE, { message: 'pageSize must be a whole number from 1 to 100' })
  pageSize?: string;
}
