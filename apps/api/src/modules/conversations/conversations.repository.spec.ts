import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { createDatabaseTestingModule } from '../../../test/database';
import { Database } from '../../database/database.service';
import { MessagesModule } from '../messages/messages.module';
import { MessagesRepository } from '../messages/messages.repository';
import { UsersModule } from '../users/users.module';
import { UsersRepository } from '../users/users.repository';
import { ConversationsModule } from './conversations.module';
import { ConversationsRepository } from './conversations.repository';

describe('ConversationsRepository on SQLite', () => {
  let module: TestingModule;
  let repository: ConversationsRepository;
  let database: Database;
  let me: string;
  const others: string[] = [];

  beforeAll(async () => {
    module = await createDatabaseTestingModule([UsersModule, ConversationsModule, MessagesModule]);
    repository = module.get(ConversationsRepository);
    database = module.get(Database);
    const users = module.get(UsersRepository);
    const addUser = async (name: string) =>
      (await users.insert({ id: randomUUID(), username: name, fullName: null, passwordHash: 'h', createdAt: new Date() })).id;
    me = await addUser('me');
    for (let i = 0; i < 50; i++) others.push(await addUser(`other${i}`));
    const messages = module.get(MessagesRepository);
    for (let i = 0; i < 50; i++) {
      const at = new Date(Date.UTC(2026, 0, 1, 0, i));
      const id = randomUUID();
      await repository.create({ id, title: `room ${i}`, isGroup: true, directKey: null, lastSeq: 0, lastChangeSeq: 0, createdAt: at, updatedAt: at }, [me, others[i]]);
      await messages.append({ id: randomUUID(), messageId: `m${i}`, senderId: others[i], conversationId: id, content: `hello ${i}`, createdAt: at });
    }
  });
  afterAll(() => module.close());

  it('lists 50 conversations with members (their last seen too) and last messages in two queries, newest activity first', async () => {
    const seen = new Date(Date.UTC(2026, 0, 2));
    await module.get(UsersRepository).setLastSeen(others[49], seen);
    const spy = jest.spyOn(database, 'query');
    const rows = await repository.listForUser(me);
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
    expect(rows).toHaveLength(50);
    expect(rows[0]).toMatchObject({ title: 'room 49', lastSeq: 1, lastReadSeq: 0, lastMessage: { content: 'hello 49', seq: 1 } });
    expect(rows[0].members.map((m) => m.userId).sort()).toEqual([me, others[49]].sort());
    expect(rows[0].members.find((m) => m.userId === others[49])?.lastReadSeq).toBe(1);
    expect(rows[0].members.find((m) => m.userId === others[49])?.lastSeenAt).toEqual(seen);
    expect(rows[0].members.find((m) => m.userId === me)?.lastSeenAt).toBeNull();
    expect(rows.map((r) => r.updatedAt.getTime())).toEqual([...rows.map((r) => r.updatedAt.getTime())].sort((a, b) => b - a));
  });

  it('reads each history page and each idempotency check with one index search', async () => {
    const plan = async (sql: string) =>
      (await database.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, [randomUUID(), 10, 51])).map((row) => row.detail).join(' | ');
    expect(await plan('SELECT * FROM messages WHERE conversation_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3')).toMatch(
      /SEARCH messages USING INDEX messages_conversation_seq_key \(conversation_id=\? AND seq<\?\)/,
    );
    expect(await plan('SELECT * FROM messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq ASC LIMIT $3')).toMatch(
      /SEARCH messages USING INDEX messages_conversation_seq_key \(conversation_id=\? AND seq>\?\)/,
    );
    expect(await plan('SELECT * FROM messages WHERE sender_id = $1 AND message_id = $2')).toMatch(
      /SEARCH messages USING INDEX messages_sender_message_id_key/,
    );
  });

  it('answers membership in one query: member, not a member, no such conversation', async () => {
    const [row] = await repository.listForUser(me);
    expect(await repository.membership(row.id, me)).toBe('member');
    expect(await repository.membership(row.id, others[0])).toBe('not-member');
    expect(await repository.membership(randomUUID(), me)).toBe('no-conversation');
  });
});
