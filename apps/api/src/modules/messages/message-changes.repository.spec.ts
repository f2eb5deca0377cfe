import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { createDatabaseTestingModule } from '../../../test/database';
import { ConflictError } from '../../core/errors';
import { Database } from '../../database/database.service';
import { ConversationsModule } from '../conversations/conversations.module';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { UsersModule } from '../users/users.module';
import { UsersRepository } from '../users/users.repository';
import { MessageChangesRepository } from './message-changes.repository';
import { MessagesModule } from './messages.module';
import { MessagesRepository } from './messages.repository';

describe('MessageChangesRepository on SQLite', () => {
  let module: TestingModule;
  let database: Database;
  let messages: MessagesRepository;
  let changes: MessageChangesRepository;
  let sender: string;
  let room: string;

  beforeAll(async () => {
    module = await createDatabaseTestingModule([UsersModule, ConversationsModule, MessagesModule]);
    database = module.get(Database);
    messages = module.get(MessagesRepository);
    changes = module.get(MessageChangesRepository);
    sender = (
      await module
        .get(UsersRepository)
        .insert({ id: randomUUID(), username: 'author', fullName: null, passwordHash: 'h', createdAt: new Date() })
    ).id;
  });
  beforeEach(async () => {
    room = randomUUID();
    const now = new Date();
    await module
      .get(ConversationsRepository)
      .create({ id: room, title: null, isGroup: true, directKey: null, lastSeq: 0, lastChangeSeq: 0, createdAt: now, updatedAt: now }, [
        sender,
      ]);
  });
  afterAll(() => module.close());

  const append = (content: string) =>
    messages.append({ id: randomUUID(), messageId: randomUUID(), senderId: sender, conversationId: room, content, createdAt: new Date() });
  const counters = async () =>
    (
      await database.query<{ last_seq: number; last_change_seq: number }>(
        'SELECT last_seq, last_change_seq FROM conversations WHERE id = $1',
        [room],
      )
    )[0];
  const changeSeqs = async () =>
    (
      await database.query<{ change_seq: number }>('SELECT change_seq FROM messages WHERE conversation_id = $1 ORDER BY change_seq', [room])
    ).map((row) => row.change_seq);

  it('gives every send and change its own change_seq, even when sends (group commit) and edits interleave', async () => {
    const [first] = await Promise.all([append('m1'), append('m2')]);
    const outcomes = await Promise.all([
      changes.change(first.id, (current) => changes.edit(current, 'm1 edited', [], new Date())),
      append('m3'),
      changes.change(first.id, (current) => changes.edit(current, 'm1 edited again', [], new Date())),
      append('m4'),
    ]);
    expect(outcomes[2]).toMatchObject({ changed: true, message: { content: 'm1 edited again' } });
    // m1 holds the newest of its three changes; the others are m2, m3, m4: six changes in all, each once.
    expect(await counters()).toEqual({ last_seq: 4, last_change_seq: 6 });
    const held = await changeSeqs();
    expect(new Set(held).size).toBe(4);
    expect(Math.max(...held)).toBe(6);
    expect(await messages.revisions(first.id)).toEqual([
      { content: 'm1', edited_at: expect.any(String) },
      { content: 'm1 edited', edited_at: expect.any(String) },
    ]);
  });

  it('writes nothing, and spends no change_seq, when the decision refuses or leaves the message as it is', async () => {
    const sent = await append('keep me');
    await expect(
      changes.change(sent.id, () => {
        throw new ConflictError('refused');
      }),
    ).rejects.toThrow(ConflictError);
    expect(await changes.change(sent.id, () => null)).toEqual({ message: sent, changed: false });
    expect(await counters()).toEqual({ last_seq: 1, last_change_seq: 1 });
    expect(await messages.findById(sent.id)).toEqual(sent);
  });

  it('deletes the text and every revision of a deleted message from the database', async () => {
    const sent = await append('secret one');
    await changes.change(sent.id, (current) => changes.edit(current, 'secret two', [], new Date()));
    const outcome = await changes.change(sent.id, (current) => changes.delete(current, new Date()));
    expect(outcome?.message).toMatchObject({ content: '', deleted_at: expect.any(String), edited_at: null, change_seq: 3 });
    const count = async (sql: string) => (await database.query<{ n: number }>(sql, [sent.id]))[0].n;
    expect(await count("SELECT count(*) AS n FROM messages WHERE id = $1 AND content LIKE '%secret%'")).toBe(0);
    expect(await count('SELECT count(*) AS n FROM message_revisions WHERE message_id = $1')).toBe(0);
  });

  it('answers null for a message that does not exist', async () => {
    expect(await changes.change(randomUUID(), () => null)).toBeNull();
  });

  it('pages the feed up to a bound, leaving out messages after maxSeq', async () => {
    const [a, b, c] = [await append('a'), await append('b'), await append('c')];
    await changes.change(a.id, (current) => changes.edit(current, 'a2', [], new Date()));
    const all = await messages.changes(room, { afterChangeSeq: 1, upToChangeSeq: 4, limit: 100 });
    expect(all.messages.map((m) => m.id)).toEqual([b.id, c.id, a.id]);
    const bounded = await messages.changes(room, { afterChangeSeq: 1, upToChangeSeq: 3, maxSeq: 2, limit: 100 });
    expect(bounded.messages.map((m) => m.id)).toEqual([b.id]);
    expect(await messages.changes(room, { afterChangeSeq: 0, upToChangeSeq: 4, limit: 2 })).toMatchObject({ hasMore: true });
  });
});
