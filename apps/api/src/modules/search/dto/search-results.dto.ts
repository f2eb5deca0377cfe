import { ApiProperty } from '@nestjs/swagger';
import type { SearchHighlight, SearchMessagesResponse, SearchResult } from '@pneumatic/contracts';
import { MessageDto } from '../../messages/dto/message.dto';

export class SearchResultDto implements SearchResult {
  @ApiProperty({ type: MessageDto, description: 'The message as it is now' }) message!: MessageDto;
  @ApiProperty({ maxLength: 200, description: 'Plain text of at most 200 code points around the first match; "…" where the text was cut' })
  snippet!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 2, maxItems: 2 },
    description: 'The matched words as `[start, end)` UTF-16 offsets into `snippet`, in order, never overlapping',
    example: [[6, 11]],
  })
  highlights!: SearchHighlight[];
}

export class SearchMessagesResponseDto implements SearchMessagesResponse {
  @ApiProperty({ type: [SearchResultDto], description: 'Newest first' }) results!: SearchResultDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  next_cursor!: string | null;
}
