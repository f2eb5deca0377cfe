import { Equals } from 'class-validator';
import { SendMessagePayloadDto } from '../messages/dto/send-message.dto';
import { IsUuidField } from '../../core/validation/uuid';

/** `{"type":"join","conversation_id"}` */
export class RawJoinFrameDto {
  @Equals('join')
  type!: 'join';

  @IsUuidField()
  conversation_id!: string;
}

/** `{"type":"message","message_id","conversation_id","content"}`: the same rules as every other send. */
export class RawMessageFrameDto extends SendMessagePayloadDto {
  @Equals('message')
  type!: 'message';
}
