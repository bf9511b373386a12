import { BadRequestException, Body, Controller, Get, Header, Headers, HttpException, NotFoundException, Param, Post, StreamableFile, type PipeTransform } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiPayloadTooLargeResponse, ApiProduces, ApiTags, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { CurrentCaller } from '../../identity/api/caller';
import { Authenticated } from '../../identity/api/guards';
import type { Caller } from '../../identity/application/session-control';
import { BLOB_ID, BlobRefused, type StoredBlob } from '../blob-store.port';
import { ReadBlob, UploadBlob } from '../blobs.commands';
import { BLOB_MEDIA_TYPES, extensionOf } from '../media-type';

/** The upload route, which alone takes a raw body (see acceptJsonBodiesOnly). */
export const BLOB_UPLOAD_PATH = '/api/v1/blobs';

class BlobIdParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value === 'string' && BLOB_ID.test(value)) return value;
    const message = 'id must be a blob id: 64 lower-case hex digits (the SHA-256 of the file)';
    throw new BadRequestException({ message, errors: [{ field: 'id', rule: 'blob-id', message }] });
  }
}

const refusal = (e: BlobRefused): HttpException => new HttpException({ message: e.message, errors: [{ field: e.field, rule: e.rule, message: e.message }] }, e.status);

/** /api/v1/blobs: files features refer to (an enterprise's business licence, photos). Signed in only. */
@ApiTags('blobs')
@Controller('api/v1/blobs')
@Authenticated()
export class BlobsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Upload a file (JPEG, PNG or PDF, checked by its bytes) as the raw request body' })
  @ApiConsumes(...BLOB_MEDIA_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ description: '{ blobId, mediaType, size, sha256 }: refer to the file by blobId' })
  @ApiUnsupportedMediaTypeResponse({ description: 'not a JPEG, PNG or PDF (errors[0].rule = "media-type")' })
  @ApiPayloadTooLargeResponse({ description: 'larger than BLOB_MAX_BYTES (errors[0].rule = "max-size")' })
  async upload(@CurrentCaller() caller: Caller, @Body() body: unknown, @Headers('content-type') contentType: string | undefined, @Client() client: ClientCommand): Promise<StoredBlob> {
    // Only the three file types reach here as bytes; a JSON body is a claim of the wrong type.
    const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    try {
      return await this.commands.execute(new UploadBlob(caller, bytes, body === undefined || Buffer.isBuffer(body) ? (contentType ?? '') : 'application/json', client));
    } catch (e) {
      throw e instanceof BlobRefused ? refusal(e) : e;
    }
  }

  @Get(':id')
  @ApiOperation({ summary: 'Download a file I uploaded, or one a feature lets me read' })
  @ApiParam({ name: 'id', description: 'the blobId from the upload', schema: { type: 'string', pattern: BLOB_ID.source } })
  @ApiProduces(...BLOB_MEDIA_TYPES)
  @ApiOkResponse({ description: 'the bytes, with their media type' })
  @ApiNotFoundResponse({ description: 'no such file, or not one this caller may read' })
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  async download(@CurrentCaller() caller: Caller, @Param('id', BlobIdParam) id: string): Promise<StreamableFile> {
    const opened = await this.queries.execute(new ReadBlob(caller, id));
    if (!opened) {
      const message = 'no file with this id that you may read';
      throw new NotFoundException({ message, errors: [{ field: 'id', rule: 'exists', message }] });
    }
    const { blob, bytes } = opened;
    return new StreamableFile(bytes, { type: blob.mediaType, length: blob.size, disposition: `attachment; filename="${blob.blobId.slice(0, 16)}.${extensionOf(blob.mediaType)}"` });
  }
}
