import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { COMMENT_MENTIONS_MAX, COMMENT_PHOTOS_MAX, COMMENT_TEXT_MAX, COMMENT_VISIBILITIES } from '@kuaige/domain';
import { NormalizedText } from '../../identity/api/dto/validators';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const PLAIN_TEXT = /^(?:[\t\n\r]|[^\p{Cc}\p{Cf}\p{Cs}\p{Co}])*$/u;
const Text = (max: number) =>
  applyDecorators(NormalizedText(), IsString(), MaxLength(max), Matches(PLAIN_TEXT, { message: '$property must not contain control, zero-width or text-direction characters' }));

export class CommentPhotoDto {
  @ApiProperty({ description: 'A photo I uploaded (POST /api/v1/blobs)' })
  @Matches(ID, { message: 'blobId must be 1-64 letters, digits, _ or -' })
  blobId!: string;

  @ApiProperty({ enum: ['image/jpeg', 'image/png'] })
  @IsIn(['image/jpeg', 'image/png'])
  mediaType!: string;

  @ApiProperty()
  @IsInt()
  @Min(0)
  size!: number;
}

export class PostCommentDto {
  @ApiPropertyOptional({ example: '已到现场，@王工 请带 7014 轴承', maxLength: COMMENT_TEXT_MAX, description: 'Text, or at least one photo' })
  @IsOptional()
  @Text(COMMENT_TEXT_MAX)
  text?: string;

  @ApiProperty({ enum: COMMENT_VISIBILITIES, description: 'internal: only my own party (enterprise or operator node) sees it; shared: everyone who sees the order' })
  @IsIn([...COMMENT_VISIBILITIES])
  visibility!: 'internal' | 'shared';

  @ApiPropertyOptional({ type: [String], description: 'User ids of people who will see the comment' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(COMMENT_MENTIONS_MAX)
  @Matches(ID, { each: true, message: 'each mention must be a user id (1-64 letters, digits, _ or -)' })
  mentions?: string[];

  @ApiPropertyOptional({ type: [CommentPhotoDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(COMMENT_PHOTOS_MAX)
  @ValidateNested({ each: true })
  @Type(() => CommentPhotoDto)
  photos?: CommentPhotoDto[];
}
