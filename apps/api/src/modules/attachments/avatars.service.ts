import { Injectable } from '@nestjs/common';
import type { Account } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import { NotFoundError, ValidationFailedError } from '../../core/errors';
import { SignedLinks } from '../../core/links/signed-links';
import { UsersService } from '../users/users.service';
import { fileEmpty, fileMissing } from './attachments.service';
import { detectContentType, isInlineImage } from './file-kind';
import { renderWebp, UnreadableImageError } from './images';
import type { Servable } from './serve-file';
import { ObjectStorage } from './storage/object-storage';
import type { ReceivedFile } from './upload-engine';

const avatarKey = (avatarId: string) => `avatars/${avatarId}.webp`;
const notAnImage = () =>
  new ValidationFailedError([{ field: 'file', message: 'an avatar must be a PNG, JPEG, GIF or WebP image' }]);
const notFound = () => new NotFoundError('Avatar not found');

/** The users' pictures (SPEC 10.6): one 128 × 128 px WebP each, cropped to fill; a new picture gets a new id. */
@Injectable()
export class AvatarsService {
  constructor(
    private readonly users: UsersService,
    private readonly storage: ObjectStorage,
    private readonly links: SignedLinks,
  ) {}

  /** Makes the uploaded image the caller's avatar; the upload itself is never kept. Contacts get `user:updated`. */
  async replace(userId: string, file: ReceivedFile | undefined): Promise<Account> {
    if (!file) throw fileMissing();
    try {
      if (file.size === 0) throw fileEmpty();
      if (!isInlineImage(await detectContentType(file.head))) throw notAnImage();
      const avatarId = randomUUID();
      await this.render(file.key, avatarKey(avatarId));
      const { account, replaced } = await this.users.replaceAvatar(userId, avatarId);
      if (replaced) await this.storage.delete([avatarKey(replaced)]);
      return account;
    } finally {
      await this.storage.delete([file.key]);
    }
  }

  async remove(userId: string): Promise<void> {
    const { replaced } = await this.users.replaceAvatar(userId, null);
    if (replaced) await this.storage.delete([avatarKey(replaced)]);
  }

  /** A current avatar, for any signed-in user or a valid signed link; a replaced or removed one is 404. */
  async download(avatarId: string, request: { callerId: string | null; expires?: unknown; signature?: unknown }): Promise<Servable> {
    if (request.callerId === null && !this.links.verify('avatar', avatarId, request.expires, request.signature)) throw notFound();
    if (!(await this.users.avatarInUse(avatarId))) throw notFound();
    const size = await this.storage.size(avatarKey(avatarId));
    if (size === null) throw notFound();
    return {
      size,
      contentType: 'image/webp',
      etag: avatarId,
      filename: 'avatar.webp',
      inline: true,
      open: (range) => this.storage.get(avatarKey(avatarId), range),
    };
  }

  private async render(from: string, to: string): Promise<void> {
    try {
      const { output } = await renderWebp(await this.storage.get(from), 'avatar');
      await this.storage.put(to, output, 'image/webp');
    } catch (error) {
      await this.storage.delete([to]);
      if (error instanceof UnreadableImageError || isSharpError(error)) {
        throw new ValidationFailedError([{ field: 'file', message: 'the image could not be read' }]);
      }
      throw error;
    }
  }
}

/** sharp's decoding failures (a truncated or corrupt image) are the upload's fault, not the server's. */
function isSharpError(error: unknown): boolean {
  return error instanceof Error && /^(Input|vips|VipsJpeg|vipspng|gifload|webpload)/i.test(error.message);
}

