import type { TestingModule } from '@nestjs/testing';
import BetterSqlite3 from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabaseTestingModule } from '../../../test/database';
import { Database } from '../../database/database.service';
import { ConversationsModule } from '../conversations/conversations.module';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { UsersModule } from '../users/users.module';
import { UsersRepository } from '../users/users.repository';
import { DuplicateMessageKeyError, MessagesRepository, SenderNotMemberError } from './messages.repository';
import { MessagesModule } from './messages.module';

describe('MessagesRepository on SQLite (group commit)', () => {
  let module: TestingModule;
  let messages: MessagesRepository;
  let database: Database;
  let sender: string;
  const rooms: string[] = [];

  beforeAll(async () => {
    module = await createDatabaseTestingModule([UsersModule, ConversationsModule, MessagesModule]);
    messages = module.get(MessagesRepository);
    database = module.get(Database);
    sender = (
      await module
        .get(UsersRepository)
        .insert({ id: randomUUID(), username: 'sender', fullName: null, passwordHash: 'h', createdAt: new Date() })
    ).id;
    for (let i = 0; i < 3; i++) {
      const id = randomUUID();
      const now = new Date();
      await module
        .get(ConversationsRepository)
        .create({ id, title: null, isGroup: true, directKey: null, lastSeq: 0, lastChangeSeq: 0, createdAt: now, updatedAt: now }, [
          sender,
        ]);
      rooms.push(id);
    }
  });
  afterAll(() => module.close());

  const draft = (conversationId: string, messageId: string) => ({
    id: randomUUID(),
    messageId,
    senderId: sender,
    conversationId,
    content: `text of ${messageId}`,
    createdAt: new Date(),
  });
  const storedSeqs = async (conversationId: string) =>
    (await database.query<{ seq: number }>('SELECT seq FROM messages WHERE conversation_id = $1 ORDER BY seq', [conversationId])).map(
      (row) => row.seq,
    );

  it('is the write path of the default SQLite driver', () => {
    expect(database.groupsCommits).toBe(true);
  });

  it('commits concurrent appends together, with gap-free seqs per conversation, each visible once its promise resolves', async () => {
    const commits = jest.spyOn(database as unknown as { commitBatch: () => void }, 'commitBatch');
    const appended = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const message = await messages.append(draft(rooms[i % 3], `burst-${i}`));
        // Resolved only after COMMIT: a read outside the transaction already sees it.
        expect(await database.query('SELECT id FROM messages WHERE id = $1', [message.id])).toHaveLength(1);
        return message;
      }),
    );
    expect(commits.mock.calls.length).toBeLessThan(30);
    commits.mockRestore();
    for (const room of rooms) {
      const seqs = appended.filter((m) => m.conversation_id === room).map((m) => m.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect(await storedSeqs(room)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    }
  });

  it('rolls back only the append that reuses a key: its batch-mates commit and no seq is spent', async () => {
    const [room] = rooms;
    const before = (await storedSeqs(room)).length;
    const outcomes = await Promise.allSettled([
      messages.append(draft(room, 'once-a')),
      messages.append(draft(room, 'burst-0')),
      messages.append(draft(room, 'once-b')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateMessageKeyError);
    expect(await storedSeqs(room)).toEqual(Array.from({ length: before + 2 }, (_, i) => i + 1));
  });

  it('refuses, alone, an append by someone no longer a member (removed since they were checked): on both write paths', async () => {
    const [room] = rooms;
    const before = (await storedSeqs(room)).length;
    const removed = (
      await module
        .get(UsersRepository)
        .insert({ id: randomUUID(), username: 'removed', fullName: null, passwordHash: 'h', createdAt: new Date() })
    ).id;
    const byRemoved = { ...draft(room, 'too-late'), senderId: removed };
    const outcomes = await Promise.allSettled([
      messages.append(draft(room, 'mate-a')),
      messages.append(byRemoved),
      messages.append(draft(room, 'mate-b')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(SenderNotMemberError);
    // The transaction path (PostgreSQL's, and SQLite's with tracing): checked once the conversation row is held.
    await expect(
      database.write((tx) => messages.appendIn(tx, { ...byRemoved, id: randomUUID(), messageId: 'too-late-2' })),
    ).rejects.toBeInstanceOf(SenderNotMemberError);
    expect(await storedSeqs(room)).toEqual(Array.from({ length: before + 2 }, (_, i) => i + 1));
  });

  it('fails every append of a batch whose commit fails, and stores none of them', async () => {
    const [, room] = rooms;
    const before = await storedSeqs(room);
    const transactions = database as unknown as { control(statement: string): void };
    const control = transactions.control.bind(database);
    const spy = jest.spyOn(transactions, 'control').mockImplementation((statement: string) => {
      if (statement === 'COMMIT') throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
      control(statement);
    });
    const outcomes = await Promise.allSettled([messages.append(draft(room, 'lost-a')), messages.append(draft(room, 'lost-b'))]);
    spy.mockRestore();
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(await storedSeqs(room)).toEqual(before);
    await expect(messages.append(draft(room, 'after'))).resolves.toMatchObject({ seq: before.length + 1 });
  });

  it('undoes the whole batch when a write fails after it has changed something', async () => {
    const [, , room] = rooms;
    const before = await storedSeqs(room);
    const outcomes = await Promise.allSettled([
      messages.append(draft(room, 'batch-mate')),
      database.writeBatched((sql) => {
        sql.run('UPDATE conversations SET title = $2 WHERE id = $1', [room, 'half done']);
        throw new Error('failed halfway');
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(await storedSeqs(room)).toEqual(before);
    expect(await database.query('SELECT title FROM conversations WHERE id = $1', [room])).toEqual([{ title: null }]);
    // The key was not spent: the client's retry is stored.
    await expect(messages.append(draft(room, 'batch-mate'))).resolves.toMatchObject({ seq: before.length + 1 });
  });
});

describe('MessagesRepository on a SQLite file another process also writes', () => {
  let module: TestingModule;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pneumatic-lock-'));
    file = join(dir, 'chat.sqlite');
    module = await createDatabaseTestingModule([UsersModule, ConversationsModule, MessagesModule], file);
  });
  afterAll(async () => {
    await module.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits out a write lock held by another connection (without blocking) and commits the batch once it is released', async () => {
    const sender = await module
      .get(UsersRepository)
      .insert({ id: randomUUID(), username: 'locked', fullName: null, passwordHash: 'h', createdAt: new Date() });
    const room = randomUUID();
    const now = new Date();
    await module
      .get(ConversationsRepository)
      .create({ id: room, title: null, isGroup: true, directKey: null, lastSeq: 0, lastChangeSeq: 0, createdAt: now, updatedAt: now }, [
        sender.id,
      ]);
    const other = new BetterSqlite3(file);
    other.exec('BEGIN EXCLUSIVE');
    let released = false;
    const release = setTimeout(() => {
      other.exec('ROLLBACK');
      other.close();
      released = true;
    }, 300);
    const message = { messageId: 'through-the-lock', senderId: sender.id, conversationId: room, content: 'hello', createdAt: new Date() };
    const appended = await Promise.all([
      module.get(MessagesRepository).append({ id: randomUUID(), ...message }),
      module.get(MessagesRepository).append({ id: randomUUID(), ...message, messageId: 'second' }),
    ]);
    clearTimeout(release);
    expect(released).toBe(true);
    expect(appended.map((m) => m.seq).sort()).toEqual([1, 2]);
  });
});
