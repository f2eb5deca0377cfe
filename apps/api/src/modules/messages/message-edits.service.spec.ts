import { randomUUID } from 'node:crypto';
import type { Message } from '@pneumatic/contracts';
import { NotFoundError, NotMemberError } from '../../core/errors';
import { DomainEvents } from '../../core/events/domain-events';
import { FakeConversationsRepository } from '../../../test/fakes/conversations.repository.fake';
import { FakeMessageChangesRepository, FakeMessagesRepository } from '../../../test/fakes/messages.repository.fake';
import { attachmentProviders } from '../../../test/fakes/attachments.fake';
import { FakeUsersRepository } from '../../../test/fakes/users.repository.fake';
import { createTestService, provide, testConfig } from '../../../test/test-service';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { ConversationsService } from '../conversations/conversations.service';
import { UsersRepository } from '../users/users.repository';
import { CatchUpService } from './catch-up.service';
import { MessageChangesRepository } from './message-changes.repository';
import { MessageEditsService } from './message-edits.service';
import { EditConflictError, EditWindowPassedError, MessageDeletedError, NotAuthorError, SystemMessageError } from './message-errors';
import { MessageFeed } from './message-feed';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';

describe('MessageEditsService (and the change feed it writes)', () => {
  let sut: MessageEditsService;
  let messagesService: MessagesService;
  let catchUp: CatchUpService;
  let conversations: FakeConversationsRepository;
  let messages: FakeMessagesRepository;
  let updates: { message: Message; memberIds: readonly string[] }[];
  let room: string;
  const [alice, bob, outsider] = [randomUUID(), randomUUID(), randomUUID()];

  async function build(env: Record<string, string> = {}) {
    conversations = new FakeConversationsRepository();
    messages = new FakeMessagesRepository(conversations);
    const events = new DomainEvents();
    updates = [];
    events.on('message.updated', (event) => updates.push(event));
    const providers = [
      provide(ConversationsRepository, conversations),
      provide(MessagesRepository, messages),
      provide(MessageChangesRepository, new FakeMessageChangesRepository(messages)),
      provide(UsersRepository, new FakeUsersRepository()),
      ...attachmentProviders(),
      { provide: DomainEvents, useValue: events },
      ConversationsService,
      MessageFeed,
      MessagesService,
      CatchUpService,
    ];
    const config = testConfig(env);
    sut = await createTestService(MessageEditsService, providers, config);
    messagesService = await createTestService(MessagesService, providers, config);
    catchUp = await createTestService(CatchUpService, providers, config);
    room = randomUUID();
    const now = new Date();
    await conversations.create(
      { id: room, title: null, isGroup: true, directKey: null, lastSeq: 0, lastChangeSeq: 0, createdAt: now, updatedAt: now },
      [alice, bob],
    );
  }
  beforeEach(() => build());

  const send = async (sender: string, content = 'hello') =>
    (await messagesService.send(sender, { conversation_id: room, message_id: randomUUID(), content })).message;

  describe('edit', () => {
    it('replaces the text, stamps edited_at and the next change_seq, keeps the old text, and announces it once', async () => {
      const sent = await send(alice, 'helo');
      await send(bob, 'later');
      const edited = await sut.edit(alice, sent.id, { content: 'hello' });
      expect(edited).toMatchObject({
        id: sent.id,
        seq: 1,
        change_seq: 3,
        content: 'hello',
        edited_at: expect.any(String),
        deleted_at: null,
      });
      expect(updates).toEqual([{ message: edited, memberIds: [alice, bob] }]);
      expect(await sut.revisions(bob, sent.id)).toEqual([{ content: 'helo', edited_at: edited.edited_at }]);
      expect(conversations.conversations.get(room)?.lastChangeSeq).toBe(3);
    });

    it('keeps every earlier text, oldest first', async () => {
      const sent = await send(alice, 'one');
      await sut.edit(alice, sent.id, { content: 'two' });
      await sut.edit(alice, sent.id, { content: 'three' });
      expect((await sut.revisions(alice, sent.id)).map((r) => r.content)).toEqual(['one', 'two']);
    });

    it('changes nothing for the same text: no revision, no change_seq, no announcement', async () => {
      const sent = await send(alice, 'same');
      expect(await sut.edit(alice, sent.id, { content: 'same' })).toEqual(sent);
      expect(updates).toEqual([]);
      expect(await sut.revisions(alice, sent.id)).toEqual([]);
    });

    it('is for the author only; members see 403, outsiders 403 as for reading, unknown ids 404', async () => {
      const sent = await send(alice);
      await expect(sut.edit(bob, sent.id, { content: 'mine now' })).rejects.toThrow(NotAuthorError);
      await expect(sut.edit(outsider, sent.id, { content: 'x' })).rejects.toThrow(NotMemberError);
      await expect(sut.edit(alice, randomUUID(), { content: 'x' })).rejects.toThrow(NotFoundError);
      expect(updates).toEqual([]);
    });

    it('refuses an outdated expected_change_seq with EDIT_CONFLICT and takes the current one', async () => {
      const sent = await send(alice, 'v1');
      const first = await sut.edit(alice, sent.id, { content: 'v2 from the phone', expected_change_seq: sent.change_seq });
      await expect(sut.edit(alice, sent.id, { content: 'v2 from the laptop', expected_change_seq: sent.change_seq })).rejects.toThrow(
        EditConflictError,
      );
      await expect(sut.edit(alice, sent.id, { content: 'v3', expected_change_seq: first.change_seq })).resolves.toMatchObject({
        content: 'v3',
      });
    });

    it('refuses a deleted message with 409', async () => {
      const sent = await send(alice);
      await sut.delete(alice, sent.id);
      await expect(sut.edit(alice, sent.id, { content: 'back' })).rejects.toThrow(MessageDeletedError);
    });

    it('refuses edits after MESSAGE_EDIT_WINDOW, and allows them within it', async () => {
      await build({ MESSAGE_EDIT_WINDOW: '15m' });
      const recent = await send(alice, 'recent');
      const old = await send(alice, 'old');
      messages.rows = messages.rows.map((m) =>
        m.id === old.id ? { ...m, created_at: new Date(Date.now() - 16 * 60_000).toISOString() } : m,
      );
      await expect(sut.edit(alice, old.id, { content: 'too late' })).rejects.toThrow(EditWindowPassedError);
      await expect(sut.edit(alice, old.id, { content: 'too late' })).rejects.toThrow('within 15 minutes');
      await expect(sut.edit(alice, recent.id, { content: 'in time' })).resolves.toMatchObject({ content: 'in time' });
    });
  });

  describe('delete', () => {
    it('leaves a tombstone in place: no text, no revisions, deleted_at and the next change_seq, announced once', async () => {
      const sent = await send(alice, 'oops');
      await sut.edit(alice, sent.id, { content: 'oops!' });
      await sut.delete(alice, sent.id);
      const [tombstone] = messages.rows;
      expect(tombstone).toMatchObject({ seq: 1, change_seq: 3, content: '', edited_at: null, deleted_at: expect.any(String) });
      expect(messages.storedRevisions).toEqual([]);
      expect(updates.map((u) => u.message)).toEqual([expect.objectContaining({ content: 'oops!' }), tombstone]);
    });

    it('is 204 again for a deleted message, changing nothing', async () => {
      const sent = await send(alice);
      await sut.delete(alice, sent.id);
      await sut.delete(alice, sent.id);
      expect(updates).toHaveLength(1);
    });

    it('is for the author only, among members who are not admins', async () => {
      const sent = await send(alice);
      await expect(sut.delete(bob, sent.id)).rejects.toThrow(NotAuthorError);
      await expect(sut.delete(outsider, sent.id)).rejects.toThrow(NotMemberError);
      expect(messages.rows[0].deleted_at).toBeNull();
    });

    it("lets an admin of the group delete another member's message", async () => {
      const sent = await send(alice);
      (conversations.members.get(room) ?? []).forEach((member) => (member.role = member.userId === bob ? 'admin' : 'member'));
      await sut.delete(bob, sent.id);
      expect(messages.rows[0]).toMatchObject({ content: '', deleted_at: expect.any(String) });
    });
  });

  describe('system messages', () => {
    it('are never edited or deleted, not even by their actor or an admin (409)', async () => {
      const system = await messages.appendIn(
        null,
        {
          id: randomUUID(),
          messageId: `system:${randomUUID()}`,
          senderId: alice,
          conversationId: room,
          content: 'alice added bob',
          createdAt: new Date(),
        },
        { type: 'member_added', actor_id: alice, user_ids: [bob], title: null },
      );
      (conversations.members.get(room) ?? []).forEach((member) => (member.role = 'admin'));
      await expect(sut.edit(alice, system.id, { content: 'alice added nobody' })).rejects.toThrow(SystemMessageError);
      await expect(sut.delete(alice, system.id)).rejects.toThrow(SystemMessageError);
      await expect(sut.delete(bob, system.id)).rejects.toThrow(SystemMessageError);
      expect(messages.rows.find((m) => m.id === system.id)).toMatchObject({
        content: 'alice added bob',
        deleted_at: null,
        edited_at: null,
      });
      expect(updates).toEqual([]);
    });
  });

  describe('the change feed', () => {
    it('lists every change after a cursor, oldest change first, with the next cursor', async () => {
      const [a, b, c] = [await send(alice, 'a'), await send(bob, 'b'), await send(alice, 'c')];
      await sut.edit(alice, a.id, { content: 'a2' });
      await sut.delete(bob, b.id);
      const page = await messagesService.changes(bob, room, { after_change_seq: 2 });
      expect(page.messages.map((m) => [m.id, m.change_seq])).toEqual([
        [c.id, 3],
        [a.id, 4],
        [b.id, 5],
      ]);
      expect(page).toMatchObject({ has_more: false, last_change_seq: 5 });
      expect(await messagesService.changes(bob, room, { after_change_seq: 0, limit: 2 })).toMatchObject({ has_more: true });
      await expect(messagesService.changes(outsider, room, {})).rejects.toThrow(NotMemberError);
    });

    it('sync: changes of messages up to after_seq, current state after it, the conversation, and removed ones', async () => {
      const [a, b] = [await send(alice, 'a'), await send(bob, 'b')];
      const cursor = { conversation_id: room, after_seq: 2, after_change_seq: 2 };
      const c = await send(alice, 'c');
      await sut.edit(alice, c.id, { content: 'c2' });
      await sut.edit(alice, a.id, { content: 'a2' });
      const unknown = randomUUID();
      const answer = await catchUp.sync(bob, { conversations: [cursor, { conversation_id: unknown, after_seq: 0 }] });
      expect(answer.removed).toEqual([unknown]);
      const [result] = answer.results;
      expect(result.messages.map((m) => m.content)).toEqual(['c2']);
      expect(result.changes?.map((m) => m.content)).toEqual(['a2']);
      expect(result).toMatchObject({ has_more: false, has_more_changes: false, conversation: { id: room, last_change_seq: 5 } });
      expect(b.change_seq).toBe(2);
      const withoutCursor = await catchUp.sync(bob, { conversations: [{ conversation_id: room, after_seq: 2 }] });
      expect(withoutCursor.results[0].changes).toBeUndefined();
    });
  });
});
