import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { DEVICE_TYPES, FAULT_TYPES, KNOWLEDGE_STATUSES } from '@kuaige/domain';
import { NormalizedText } from '../../identity/api/dto/validators';
import { KNOWLEDGE_QUEUES } from '../read-models/knowledge.queries';

// ---- Request bodies and queries of the knowledge-base API: shapes here, rules in the decider ------

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const PLAIN_TEXT = /^(?:[\t\n\r]|[^\p{Cc}\p{Cf}\p{Cs}\p{Co}])*$/u;
export const KNOWLEDGE_IMAGE_TYPES = ['image/jpeg', 'image/png'];

const Text = (max: number, min = 0) =>
  applyDecorators(
    NormalizedText(),
    IsString(),
    ...(min > 0 ? [MinLength(min)] : []),
    MaxLength(max),
    Matches(PLAIN_TEXT, { message: '$property must not contain control, zero-width or text-direction characters' }),
  );

export class KnowledgeImageDto {
  @ApiProperty({ description: 'A picture I uploaded (POST /api/v1/blobs)' })
  @Matches(ID, { message: 'blobId must be 1-64 letters, digits, _ or -' })
  blobId!: string;

  @ApiProperty({ enum: KNOWLEDGE_IMAGE_TYPES })
  @IsIn(KNOWLEDGE_IMAGE_TYPES)
  mediaType!: string;

  @ApiProperty()
  @IsInt()
  @Min(0)
  size!: number;
}

export class KnowledgePartDto {
  @ApiProperty({ example: '角接触球轴承 7014C' })
  @Text(100, 1)
  name!: string;

  @ApiProperty({ example: 2, minimum: 0, maximum: 100000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100000)
  quantity!: number;

  @ApiPropertyOptional({ example: '个' })
  @IsOptional()
  @Text(20)
  unit?: string;
}

export class KnowledgeContentDto {
  @ApiProperty({ example: '立式加工中心主轴异响的排查与轴承更换' })
  @Text(100, 1)
  title!: string;

  @ApiProperty({ enum: Object.keys(DEVICE_TYPES) })
  @IsIn(Object.keys(DEVICE_TYPES))
  deviceType!: string;

  @ApiProperty({ enum: Object.keys(FAULT_TYPES) })
  @IsIn(Object.keys(FAULT_TYPES))
  faultType!: string;

  @ApiPropertyOptional({ type: [String], example: ['VMC-850'], description: 'Models the plan applies to; none: every model' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  models?: string[];

  @ApiPropertyOptional({ example: '主轴高速运转时异响' })
  @IsOptional()
  @Text(1000)
  symptom?: string;

  @ApiPropertyOptional({ example: '主轴前轴承磨损' })
  @IsOptional()
  @Text(1000)
  cause?: string;

  @ApiProperty({ type: [String], description: 'The repair steps, in order (1 to 30)' })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(500, { each: true })
  @Matches(PLAIN_TEXT, { each: true, message: 'each step must not contain control, zero-width or text-direction characters' })
  steps!: string[];

  @ApiPropertyOptional({ type: [KnowledgePartDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => KnowledgePartDto)
  parts?: KnowledgePartDto[];

  @ApiPropertyOptional({ type: [String], example: ['扭力扳手'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tools?: string[];

  @ApiPropertyOptional({ type: [KnowledgeImageDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @ValidateNested({ each: true })
  @Type(() => KnowledgeImageDto)
  images?: KnowledgeImageDto[];
}

export class DraftKnowledgeEntryDto extends KnowledgeContentDto {
  @ApiPropertyOptional({ description: 'A closed work order of my enterprise (as its provider): the entry is proposed at once, for its manufacturer or provider to review' })
  @IsOptional()
  @Matches(ID, { message: 'workOrderId must be 1-64 letters, digits, _ or -' })
  workOrderId?: string;
}

export class KnowledgeReviewDto {
  @ApiPropertyOptional({ example: '步骤清楚，同意发布' })
  @IsOptional()
  @Text(500)
  opinion?: string;
}

export class KnowledgeReasonDto {
  @ApiProperty({ example: '缺少轴承预紧力矩' })
  @Text(500, 1)
  reason!: string;
}

export class KnowledgeListQueryDto {
  @ApiPropertyOptional({ description: 'Chinese or latin text: words, model numbers' })
  @IsOptional()
  @Text(100)
  q?: string;

  @ApiPropertyOptional({ enum: Object.keys(DEVICE_TYPES) })
  @IsOptional()
  @IsIn(Object.keys(DEVICE_TYPES))
  deviceType?: string;

  @ApiPropertyOptional({ enum: Object.keys(FAULT_TYPES) })
  @IsOptional()
  @IsIn(Object.keys(FAULT_TYPES))
  faultType?: string;

  @ApiPropertyOptional({ enum: KNOWLEDGE_STATUSES, description: 'Unpublished statuses show my own enterprise’s entries only' })
  @IsOptional()
  @IsIn([...KNOWLEDGE_STATUSES])
  status?: string;

  @ApiPropertyOptional({ enum: KNOWLEDGE_QUEUES, description: 'review: proposals my enterprise reviews; mine: my enterprise’s entries' })
  @IsOptional()
  @IsIn([...KNOWLEDGE_QUEUES])
  queue?: 'review' | 'mine';

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page?: number;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}
