import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isBlankContent, LIMITS, MESSAGE_ID_PATTERN, type SendMessagePayload, type SendMessageRequest } from '@pneumatic/contracts';
import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, Length, Matches, ValidateBy, ValidateIf } from 'class-validator';
import { IsCleanText } from '../../../core/validation/text';
import { IsUuidField } from '../../../core/validation/uuid';

/** The rules of a message's text, for a send and an edit alike: 1–4000 code points, not only white space, clean. */
export const IsMessageContent = () =>
  applyDecorators(
    ApiProperty({
      minLength: 1,
      maxLength: LIMITS.contentMax,
      description: 'Characters are counted as Unicode code points',
      example: 'Hello, Bob!',
    }),
    IsString(),
    Length(1, LIMITS.contentMax, { message: `content must be 1 to ${LIMITS.contentMax} characters` }),
    ValidateBy({
      name: 'notBlank',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !isBlankContent(value),
        defaultMessage: () => 'content must not be only white space',
      },
    }),
    IsCleanText({ multiline: true }),
  );

/** The fields every transport validates the same way (REST body, Socket.IO payload, `/ws` frame). */
export class SendMessagePayloadDto implements SendMessagePayload {
  @ApiProperty({ description: 'Your idempotency key: 1–64 of A-Z a-z 0-9 _ - : .', example: 'web-1f3a:17' })
  @IsString()
  @Matches(MESSAGE_ID_PATTERN, { message: 'message_id must be 1 to 64 of A-Z a-z 0-9 _ - : .' })
  message_id!: string;

  @ApiProperty({ format: 'uuid' })
  @IsString()
  @IsUuidField()
  conversation_id!: string;

  @ValidateIf(
    (payload: SendMessagePayloadDto) => !(payload.attachment_ids?.length && (payload.content === '' || payload.content === undefined)),
  )
  @ApiProperty({
    minLength: 0,
    maxLength: LIMITS.contentMax,
    required: false,
    description: 'Characters are counted as Unicode code points: 1 to 4000, or "" (or left out) when attachment_ids names a file',
    example: 'Hello, Bob!',
  })
  @IsMessageContent()
  content!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The message this one answers: one of the same conversation, else 400' })
  @IsOptional()
  @IsString()
  @IsUuidField()
  reply_to_id?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    maxItems: LIMITS.attachmentsPerMessage,
    uniqueItems: true,
    description: 'Up to 10 of your uploads (POST /attachments) not yet in a message, in the order to show them',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.attachmentsPerMessage, { message: `attachment_ids must name at most ${LIMITS.attachmentsPerMessage} files` })
  @ArrayUnique({ message: 'attachment_ids must not name a file twice' })
  @IsUuidField({ each: true })
  attachment_ids?: string[];
}

export class SendMessageDto extends SendMessagePayloadDto implements SendMessageRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'Accepted for the original clients; must be the caller' })
  @IsOptional()
  @IsUuidField()
  sender_id?: string;
}
