import type { PipeTransform } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { isOneEmoji, type ReactionPayload } from '@pneumatic/contracts';
import { IsString, ValidateBy } from 'class-validator';
import { ValidationFailedError } from '../../../core/errors';
import { IsUuidField } from '../../../core/validation/uuid';

const ONE_EMOJI_MESSAGE = 'must be one emoji (a ZWJ sequence, a flag or a skin tone counts as one)';

/** Socket.IO `reaction:add` / `reaction:remove`: the same rule as the REST path's `{emoji}`. */
export class ReactionPayloadDto implements ReactionPayload {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @IsUuidField()
  id!: string;

  @ApiProperty({ description: 'One Unicode emoji', example: '👍' })
  @IsString()
  @ValidateBy({
    name: 'oneEmoji',
    validator: { validate: (value: unknown) => typeof value === 'string' && isOneEmoji(value), defaultMessage: () => `emoji ${ONE_EMOJI_MESSAGE}` },
  })
  emoji!: string;
}

/** The `{emoji}` of a reaction's path (Express has percent-decoded it): one emoji, else a 400 naming it. */
export class ParseEmojiPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !isOneEmoji(value)) throw new ValidationFailedError([{ field: 'emoji', message: ONE_EMOJI_MESSAGE }]);
    return value;
  }
}
