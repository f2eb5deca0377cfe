import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Put, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Account } from '@pneumatic/contracts';
import type { Request, Response } from 'express';
import { ApiProblems } from '../../core/http/api-problems';
import { AuthUser, CurrentUser, OptionalUser } from '../../core/http/current-user.decorator';
import { OptionalAuth } from '../../core/http/public.decorator';
import { ParseUuidPipe } from '../../core/validation/uuid';
import { AccountDto } from '../users/dto/user.dto';
import { ApiDownload, FILE_BODY } from './api-download';
import { AvatarsService } from './avatars.service';
import { DownloadQuery } from './dto/download.query';
import { serveFile } from './serve-file';
import type { ReceivedFile } from './upload-engine';
import { UploadInterceptor } from './upload.interceptor';

@ApiTags('attachments')
@ApiBearerAuth('bearer')
@Controller()
export class AvatarsController {
  constructor(private readonly avatars: AvatarsService) {}

  @Put('auth/me/avatar')
  @UseInterceptors(UploadInterceptor('avatar'))
  @ApiOperation({
    summary: 'Set your avatar',
    description:
      'multipart/form-data with one part, `file`: a PNG, JPEG, GIF or WebP of at most 5 MiB (413 beyond; 400 for another type). ' +
      'It becomes a 128 × 128 px WebP, cropped to fill, at a new `avatar_url`; your contacts get `user:updated`.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOkResponse({ type: AccountDto, description: 'You, with the new avatar_url' })
  @ApiProblems(400, 413, 429)
  replace(@CurrentUser() caller: AuthUser, @UploadedFile() file: ReceivedFile | undefined): Promise<Account> {
    return this.avatars.replace(caller.id, file);
  }

  @Delete('auth/me/avatar')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove your avatar', description: 'avatar_url becomes null; removing none is 204 too.' })
  @ApiNoContentResponse({ description: 'Removed (or there was none)' })
  @ApiProblems(429)
  async remove(@CurrentUser() caller: AuthUser): Promise<void> {
    await this.avatars.remove(caller.id);
  }

  @Get('avatars/:id')
  @OptionalAuth()
  @ApiOperation({
    summary: 'A user’s avatar (WebP, 128 × 128 px)',
    description: 'For any signed-in user, or anyone with the signed `avatar_url`. A replaced or removed avatar is 404.',
  })
  @ApiDownload('The picture (image/webp)')
  async download(
    @OptionalUser() caller: AuthUser | null,
    @Param('id', new ParseUuidPipe('id')) id: string,
    @Query() query: DownloadQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await serveFile(request, response, await this.avatars.download(id, { callerId: caller?.id ?? null, ...query }));
  }
}
