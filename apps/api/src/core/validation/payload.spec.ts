import { SendMessagePayloadDto } from '../../modules/messages/dto/send-message.dto';
import { SyncPayloadDto } from '../../modules/messages/dto/sync.dto';
import { ValidationFailedError } from '../errors';
import { validatePayload } from './payload';

describe('validatePayload', () => {
  const valid = { conversation_id: '3F2504E0-4F89-41D3-9A0C-0305E82C3301', message_id: 'm-1', content: 'hi' };

  it('accepts and canonicalises a valid payload like the REST pipe does', async () => {
    const payload = await validatePayload(SendMessagePayloadDto, valid);
    expect(payload.conversation_id).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
  });

  it.each([null, 'text', 42, [valid], { ...valid, extra: 1 }, { ...valid, content: '   ' }, { ...valid, message_id: 'a b' }])(
    'refuses %j',
    async (payload) => {
      await expect(validatePayload(SendMessagePayloadDto, payload)).rejects.toThrow(ValidationFailedError);
    },
  );

  it('refuses sync cursors that are not objects, however they are wrapped', async () => {
    const cursor = { conversation_id: valid.conversation_id, after_seq: 0 };
    await expect(validatePayload(SyncPayloadDto, { conversations: [cursor] })).resolves.toBeDefined();
    for (const conversations of [[[cursor]], [[[cursor]]], [null], ['x']]) {
      await expect(validatePayload(SyncPayloadDto, { conversations })).rejects.toThrow(ValidationFailedError);
    }
  });
});
