import { Controller, Get, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Attachment } from '@pneumatic/contracts';
import type { Request, Response } from 'express';
import { ApiProblems } from '../../core/http/api-problems';
import { AuthUser, CurrentUser, OptionalUser } from '../../core/http/current-user.decorator';
import { OptionalAuth } from '../../core/http/public.decorator';
import { ParseUuidPipe } from '../../core/validation/uuid';
import { ApiDownload, FILE_BODY } from './api-download';
import { AttachmentsService } from './attachments.service';
import { AttachmentDto } from './dto/attachment.dto';
import { DownloadQuery } from './dto/download.query';
import { serveFile } from './serve-file';
import type { ReceivedFile } from './upload-engine';
import { UploadInterceptor } from './upload.interceptor';

const DOWNLOAD_RULES =
  'With `Authorization: Bearer`: the uploader and the members of the conversation the file was sent in. Without: the ' +
  'signed link of the Attachment (`expires` and `signature`, valid for ATTACHMENT_URL_TTL). Anyone else, an expired or ' +
  'altered link, a deleted message: 404. `Range` (206), `ETag` / `If-None-Match` (304), `nosniff`; only PNG, JPEG, GIF ' +
  'and WebP are `inline`, anything else is an `attachment` with `Content-Security-Policy: sandbox`.';

@ApiTags('attachments')
@ApiBearerAuth('bearer')
@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post()
  @UseInterceptors(UploadInterceptor('attachment'))
  @ApiOperation({
    summary: 'Upload a file to send in a message',
    description:
      'multipart/form-data with one part, `file`, of at most ATTACHMENT_MAX_BYTES (default 25 MiB; else 413). The type comes ' +
      'from the bytes; images (PNG, JPEG, GIF, WebP) get their dimensions and a WebP thumbnail of at most 320 px. Send it with ' +
      '`attachment_ids` on POST /messages or `message:send`; one never sent is deleted after ATTACHMENT_ORPHAN_TTL (24h).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiProblems(400, 413, 429)
  upload(@CurrentUser() caller: AuthUser, @UploadedFile() file: ReceivedFile | undefined): Promise<Attachment> {
    return this.attachments.upload(caller.id, file);
  }

  @Get(':id')
  @OptionalAuth()
  @ApiOperation({ summary: 'Download a file', description: DOWNLOAD_RULES })
  @ApiDownload('The file, with its detected Content-Type')
  async download(
    @OptionalUser() caller: AuthUser | null,
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Query() query: DownloadQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const file = await this.attachments.download('file', id, { callerId: caller?.id ?? null, ...query });
    await serveFile(request, response, file);
  }

  @Get(':id/thumbnail')
  @OptionalAuth()
  @ApiOperation({ summary: 'Download an image’s thumbnail (WebP, at most 320 px)', description: `${DOWNLOAD_RULES} Files that are not images have none (404).` })
  @ApiDownload('The thumbnail (image/webp)')
  async thumbnail(
    @OptionalUser() caller: AuthUser | null,
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Query() query: DownloadQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const file = await this.attachments.download('thumbnail', id, { callerId: caller?.id ?? null, ...query });
    await serveFile(request, response, file);
  }
}
