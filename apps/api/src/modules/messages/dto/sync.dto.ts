import type { SyncCursor, SyncPayload } from '@pneumatic/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { IsUuidField } from '../../../core/validation/uuid';

/** Enough for every conversation a client could hold; each cursor costs one index range scan. */
export const SYNC_CURSORS_MAX = 1000;

export class SyncCursorDto implements SyncCursor {
  @IsUuidField()
  conversation_id!: string;

  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  after_seq!: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  after_change_seq?: number;
}

export class SyncPayloadDto implements SyncPayload {
  @IsArray()
  @ArrayMaxSize(SYNC_CURSORS_MAX)
  // ValidateNested validates the items of nested arrays too, so `[[cursor]]` would pass without this.
  @IsObject({ each: true, message: 'each value in conversations must be a cursor object' })
  @ValidateNested({ each: true })
  @Type(() => SyncCursorDto)
  conversations!: SyncCursorDto[];
}
