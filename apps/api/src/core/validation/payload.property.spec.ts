import { isBlankContent, MESSAGE_ID_PATTERN } from '@pneumatic/contracts';
import fc from 'fast-check';
import { ReadPayloadDto } from '../../modules/conversations/dto/read.dto';
import { SendMessagePayloadDto } from '../../modules/messages/dto/send-message.dto';
import { TypingPayloadDto } from '../../modules/realtime/typing.dto';
import { ValidationFailedError } from '../errors';
import { validatePayload } from './payload';

// eslint-disable-next-line no-control-regex -- the characters the rule is about
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const content = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }).filter((s) => !CONTROL.test(s) && !isBlankContent(s));
const sendPayload = fc.record({ conversation_id: fc.uuid(), message_id: fc.stringMatching(MESSAGE_ID_PATTERN), content });
const wrongValue = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);
const DTO_FIELDS = new Set(['conversation_id', 'message_id', 'content', 'type', 'seq', 'typing', 'sender_id']);
const extraKey = fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !DTO_FIELDS.has(key));

describe('validatePayload (property)', () => {
  it('accepts every valid message and hands it on unchanged, the conversation id in lower case', async () => {
    await fc.assert(
      fc.asyncProperty(sendPayload, fc.boolean(), async (payload, upper) => {
        const sent = { ...payload, conversation_id: upper ? payload.conversation_id.toUpperCase() : payload.conversation_id };
        expect({ ...(await validatePayload(SendMessagePayloadDto, sent)) }).toEqual({
          ...payload,
          conversation_id: payload.conversation_id.toLowerCase(),
        });
      }),
    );
  });

  it('refuses a valid message with any extra field', async () => {
    await fc.assert(
      fc.asyncProperty(sendPayload, extraKey, fc.jsonValue(), async (payload, key, value) => {
        await expect(validatePayload(SendMessagePayloadDto, { ...payload, [key]: value })).rejects.toThrow(ValidationFailedError);
      }),
    );
  });

  it('refuses a valid message with any field missing or of a wrong type', async () => {
    await fc.assert(
      fc.asyncProperty(
        sendPayload,
        fc.constantFrom('conversation_id', 'message_id', 'content'),
        fc.option(wrongValue, { nil: undefined }),
        async (payload, field, value) => {
          const broken: Record<string, unknown> = { ...payload, [field]: value };
          if (value === undefined) delete broken[field];
          await expect(validatePayload(SendMessagePayloadDto, broken)).rejects.toThrow(ValidationFailedError);
        },
      ),
    );
  });

  it('accepts read markers 0 … 2^31−1 only, and typing only as a boolean', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid(), fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)), async (id, seq) => {
        const valid = Number.isInteger(seq) && (seq as number) >= 0 && (seq as number) < 2 ** 31;
        const outcome = validatePayload(ReadPayloadDto, { conversation_id: id, seq });
        await (valid ? expect(outcome).resolves.toMatchObject({ seq }) : expect(outcome).rejects.toThrow(ValidationFailedError));
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.uuid(), fc.anything(), async (id, typing) => {
        const outcome = validatePayload(TypingPayloadDto, { conversation_id: id, typing });
        await (typeof typing === 'boolean'
          ? expect(outcome).resolves.toMatchObject({ typing })
          : expect(outcome).rejects.toThrow(ValidationFailedError));
      }),
    );
  });
});
