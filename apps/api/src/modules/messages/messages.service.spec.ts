import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Message } from '@pneumatic/contracts';
import { ConflictError, ForbiddenError, NotMemberError, ValidationFailedError } from '../../core/errors';
import { DomainEvents } from '../../core/events/domain-events';
import { FakeConversationsRepository } from '../../../test/fakes/conversations.repository.fake';
import { FakeMessageChangesRepository, FakeMessagesRepository } from '../../../test/fakes/messages.repository.fake';
import { attachmentProviders } from '../../../test/fakes/attachments.fake';
import { FakeUsersRepository } from '../../../test/fakes/users.repository.fake';
import { createTestService, provide } from '../../../test/test-service';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { ConversationsService } from '../conversations/conversations.service';
import { UsersRepository } from '../users/users.repository';
import { MessageChangesRepository } from './message-changes.repository';
import { MessageFeed } from './message-feed';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';

describe('MessagesService', () => {
  let sut: MessagesService;
  let conversations: FakeConversationsRepository;
  let messages: FakeMessagesRepository;
  let announced: Message[];
  let room: string;
  const [alice, bob, outsider] = [randomUUID(), randomUUID(), randomUUID()];

  beforeEach(async () => {
    conversations = new FakeConversationsRepository();
    messages = new FakeMessagesRepository(conversations);
    const events = new DomainEvents();
    announced = [];
    events.on('message.created', ({ message }) => announced.push(message));
    const providers = [
      provide(ConversationsRepository, conversations),
      provide(MessagesRepository, messages),
      provide(MessageChangesRepository, new FakeMessageChangesRepository(messages)),
      MessageFeed,
      provide(UsersRepository, new FakeUsersRepository()),
      ...attachmentProviders(),
      { provide: DomainEvents, useValue: events },
      ConversationsService,
    ];
    sut = await createTestService(MessagesService, providers);
    room = randomUUID();
    const now = new Date();
    await conversations.create({ id: room, title: null, isGroup: true, directKey: null, lastSeq: 0, lastChangeSeq: 0, createdAt: now, updatedAt: now }, [alice, bob]);
  });

  const send = (sender: string, messageId: string, content = 'hi', conversationId = room) =>
    sut.send(sender, { conversation_id: conversationId, message_id: messageId, content });

  it('stores a message with the next seq and announces it once', async () => {
    const first = await send(alice, 'a1');
    const second = await send(bob, 'b1');
    expect([first.message.seq, second.message.seq]).toEqual([1, 2]);
    expect(first.created && second.created).toBe(true);
    expect(announced.map((m) => m.message_id)).toEqual(['a1', 'b1']);
  });

  it('answers a replay with the stored message, without a new seq or announcement', async () => {
    const first = await send(alice, 'k');
    const replay = await send(alice, 'k');
    expect(replay).toEqual({ message: first.message, created: false });
    expect(announced).toHaveLength(1);
    expect(conversations.conversations.get(room)?.lastSeq).toBe(1);
  });

  it('refuses the same key with other content or another conversation (409)', async () => {
    await send(alice, 'k', 'one');
    await expect(send(alice, 'k', 'two')).rejects.toThrow(ConflictError);
  });

  it('scopes keys to their sender', async () => {
    await send(alice, 'shared');
    await expect(send(bob, 'shared')).resolves.toMatchObject({ created: true, message: { seq: 2 } });
  });

  it('refuses non-members and a sender_id of someone else', async () => {
    await expect(send(outsider, 'x')).rejects.toThrow(NotMemberError);
    await expect(sut.send(alice, { conversation_id: room, message_id: 'x', content: 'hi', sender_id: bob })).rejects.toThrow(ForbiddenError);
    expect(messages.rows).toHaveLength(0);
  });

  it('refuses before_seq with after_seq', async () => {
    await expect(sut.history(alice, room, { before_seq: 3, after_seq: 1 })).rejects.toThrow(ValidationFailedError);
  });

  it('keeps seqs gap-free and stores each key once, for any sequence of sends and replays (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9 })), { maxLength: 40 }), async (sends) => {
        const before = messages.rows.length;
        const keys = new Set<string>();
        const tag = randomUUID().slice(0, 8);
        for (const [byAlice, n] of sends) {
          const key = `${tag}-${n}`;
          const sender = byAlice ? alice : bob;
          keys.add(`${sender}/${key}`);
          await send(sender, key, `content ${n}`);
        }
        const seqs = messages.rows.map((m) => m.seq);
        expect(seqs).toEqual(seqs.map((_, i) => i + 1));
        expect(messages.rows.length - before).toBe(keys.size);
      }),
      { numRuns: 50 },
    );
  });
});
