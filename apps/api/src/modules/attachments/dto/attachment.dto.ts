import { ApiProperty } from '@nestjs/swagger';
import type { Attachment } from '@pneumatic/contracts';
import { SignedLinks } from '../../../core/links/signed-links';

export class AttachmentDto implements Attachment {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ maxLength: 255, example: 'holiday.png', description: 'As uploaded, without any folder part; at most 255 characters' })
  filename!: string;
  @ApiProperty({ example: 'image/png', description: 'Detected from the bytes (application/octet-stream when unknown)' }) content_type!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Bytes' }) size!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Images: pixels' }) width!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Images: pixels' }) height!: number | null;
  @ApiProperty({
    example: '/attachments/6f1c2a9e-8d4b-4f0e-9a57-1b2c3d4e5f60?expires=1796389200&signature=FyNJVuFD0LAvV8RpPC2UkgfIVvIIxj75Hj-qNM4jo4c',
    description: 'Signed link that expires after ATTACHMENT_URL_TTL; works without a token',
  })
  url!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Images: a signed link to a WebP of at most 320 px' })
  thumbnail_url!: string | null;
}

/** What a message keeps of each of its files (its `attachments` column, JSON): the wire fields but the links. */
export interface StoredAttachment {
  readonly id: string;
  readonly filename: string;
  readonly content_type: string;
  readonly size: number;
  readonly width: number | null;
  readonly height: number | null;
  readonly thumbnail: boolean;
}

/** An attachment as the wire shows it, with fresh signed links. */
export function toAttachment(stored: StoredAttachment, links = SignedLinks.current()): Attachment {
  return {
    id: stored.id,
    filename: stored.filename,
    content_type: stored.content_type,
    size: stored.size,
    width: stored.width,
    height: stored.height,
    url: links.link('file', stored.id),
    thumbnail_url: stored.thumbnail ? links.link('thumbnail', stored.id) : null,
  };
}

/** A message's `attachments` column as the wire shows it: null (none) is []. */
export function attachmentsOf(column: unknown): Attachment[] {
  if (column === null || column === undefined || column === '') return [];
  const stored = JSON.parse(String(column)) as StoredAttachment[];
  if (stored.length === 0) return [];
  const links = SignedLinks.current();
  return stored.map((entry) => toAttachment(entry, links));
}
