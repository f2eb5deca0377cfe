import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { createPostgresTestingModule } from '../../../test/database';
import { Database } from '../../database/database.service';
import { AttachmentsRepository, AttachmentsTakenError } from '../attachments/attachments.repository';
import { ConversationsModule } from '../conversations/conversations.module';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { UsersModule } from '../users/users.module';
import { UsersRepository } from '../users/users.repository';
import { DuplicateMessageKeyError, MessagesRepository, SenderNotMemberError, type MessageDraft } from './messages.repository';
import { MessagesModule } from './messages.module';

/** PostgreSQL's group commit against a real, migrated database (where PostgreSQL answers at 127.0.0.1:5432). */
describe('MessagesRepository on PostgreSQL (group commit)', () => {
  let context: Awaited<ReturnType<typeof createPostgresTestingModule>>;
  let module: TestingModule;
  let messages: MessagesRepository;
  let database: Database;
  let sender: string;
  let other: string;
  const rooms: string[] = [];

  beforeAll(async () => {
    context = await createPostgresTestingModule([UsersModule, ConversationsModule, MessagesModule]);
    if (!context) return void process.stdout.write('PostgreSQL does not answer: skipped\n');
    module = context.module;
    messages = module.get(MessagesRepository);
    database = module.get(Database);
    const user = (username: string) =>
      module.get(UsersRepository).insert({ id: randomUUID(), username, fullName: null, passwordHash: 'h', createdAt: new Date() });
    sender = (await user('sender')).id;
    other = (await user('other')).id;
    for (let i = 0; i < 3; i++) {
      const id = randomUUID();
      const now = new Date(Date.UTC(2026, 0, 1));
      await module
        .get(ConversationsRepository)
        .create({ id, title: null, isGroup: true, directKey: null, lastSeq: 0, lastChangeSeq: 0, createdAt: now, updatedAt: now }, [
          sender,
          other,
        ]);
      rooms.push(id);
    }
  });
  afterAll(() => context?.drop());

  const draft = (conversationId: string, messageId: string, extra: Partial<MessageDraft> = {}): MessageDraft => ({
    id: randomUUID(),
    messageId,
    senderId: sender,
    conversationId,
    content: `text of ${messageId}`,
    createdAt: new Date(),
    ...extra,
  });
  const stored = (conversationId: string) =>
    database.query<{ seq: number; change_seq: number; message_id: string }>(
      'SELECT seq, change_seq, message_id FROM messages WHERE conversation_id = $1 ORDER BY seq',
      [conversationId],
    );
  const countingBatches = () => jest.spyOn(database, 'pipelinedTransaction');

  it('stores concurrent appends in shared transactions: seqs and change_seqs gap-free per conversation, each visible once it resolves', async () => {
    if (!context) return;
    const batches = countingBatches();
    const appended = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const message = await messages.append(draft(rooms[i % 3], `burst-${i}`));
        expect(await database.query('SELECT id FROM messages WHERE id = $1', [message.id])).toHaveLength(1);
        return message;
      }),
    );
    expect(batches.mock.calls.length).toBeLessThan(30);
    batches.mockRestore();
    const oneToTen = Array.from({ length: 10 }, (_, i) => i + 1);
    for (const room of rooms) {
      const mine = appended.filter((m) => m.conversation_id === room);
      expect(mine.map((m) => m.seq).sort((a, b) => a - b)).toEqual(oneToTen);
      // Numbered in the order the sends were made.
      expect(mine.map((m) => m.seq)).toEqual(oneToTen);
      const rows = await stored(room);
      expect(rows.map((row) => row.seq)).toEqual(oneToTen);
      expect(rows.map((row) => row.change_seq)).toEqual(oneToTen);
      expect(rows.map((row) => row.message_id)).toEqual(mine.map((m) => m.message_id));
      const [counters] = await database.query<{ last_seq: number; last_change_seq: number; updated_at: Date }>(
        'SELECT last_seq, last_change_seq, updated_at FROM conversations WHERE id = $1',
        [room],
      );
      expect(counters).toMatchObject({ last_seq: 10, last_change_seq: 10 });
      expect(counters.updated_at.getTime()).toBeGreaterThan(Date.UTC(2026, 0, 1));
      const [marker] = await database.query<{ last_read_seq: number }>(
        'SELECT last_read_seq FROM conversation_members WHERE conversation_id = $1 AND user_id = $2',
        [room, sender],
      );
      expect(marker.last_read_seq).toBe(10);
    }
    // The search index's per-row triggers fired for every row of the multi-row insert.
    const [{ n }] = await database.query<{ n: string }>(
      'SELECT count(*) AS n FROM message_search_docs WHERE message_id = ANY($1::uuid[])',
      [appended.map((m) => m.id)],
    );
    expect(Number(n)).toBe(30);
  });

  it('keeps each conversation in the order of its sends across batches that run side by side', async () => {
    if (!context) return;
    const [first, second] = rooms;
    const before = new Map<string, number>();
    for (const room of [first, second]) before.set(room, (await stored(room)).length);
    const batches = countingBatches();
    const sends: Promise<{ conversation_id: string; seq: number }>[] = [];
    for (let i = 0; i < 40; i++) {
      sends.push(messages.append(draft(i % 3 === 0 ? second : first, `lanes-${i}`)));
      // Let batches start in between, so that the sends spread over several of them.
      if (i % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const appended = await Promise.all(sends);
    expect(batches.mock.calls.length).toBeGreaterThan(2);
    batches.mockRestore();
    for (const room of [first, second]) {
      const seqs = appended.filter((m) => m.conversation_id === room).map((m) => m.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => (before.get(room) ?? 0) + 1 + i));
    }
  });

  it('refuses, alone, the append that reuses a key: its batch-mates are stored and no seq is spent', async () => {
    if (!context) return;
    const [room] = rooms;
    const before = (await stored(room)).length;
    const batches = countingBatches();
    const outcomes = await Promise.allSettled([
      messages.append(draft(room, 'once-a')),
      messages.append(draft(room, 'burst-0')),
      messages.append(draft(room, 'once-b')),
    ]);
    expect(batches).toHaveBeenCalledTimes(1);
    batches.mockRestore();
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateMessageKeyError);
    expect((await stored(room)).map((row) => row.seq)).toEqual(Array.from({ length: before + 2 }, (_, i) => i + 1));
  });

  it('stores once a key sent twice in one moment: the second is answered as a replay', async () => {
    if (!context) return;
    const [, room] = rooms;
    const before = (await stored(room)).length;
    const outcomes = await Promise.allSettled([messages.append(draft(room, 'twice')), messages.append(draft(room, 'twice'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateMessageKeyError);
    expect((await stored(room)).map((row) => row.message_id).slice(before)).toEqual(['twice']);
  });

  it('refuses, alone, an append by someone not a member: in the same batch as its mates', async () => {
    if (!context) return;
    const [, , room] = rooms;
    const before = (await stored(room)).length;
    const stranger = (
      await module
        .get(UsersRepository)
        .insert({ id: randomUUID(), username: 'stranger', fullName: null, passwordHash: 'h', createdAt: new Date() })
    ).id;
    const batches = countingBatches();
    const outcomes = await Promise.allSettled([
      messages.append(draft(room, 'mate-a')),
      messages.append(draft(room, 'not-mine', { senderId: stranger })),
      messages.append(draft(room, 'mate-b')),
    ]);
    expect(batches).toHaveBeenCalledTimes(1);
    batches.mockRestore();
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(SenderNotMemberError);
    expect((await stored(room)).map((row) => row.seq)).toEqual(Array.from({ length: before + 2 }, (_, i) => i + 1));
  });

  it('judges each send of a batch the database refused on its own: only the one at fault fails', async () => {
    if (!context) return;
    const [, , room] = rooms;
    const before = (await stored(room)).length;
    // Longer than the column takes (the API's validation never lets one through; the batch must not depend on it).
    const outcomes = await Promise.allSettled([
      messages.append(draft(room, 'fine-a')),
      messages.append(draft(room, 'x'.repeat(65))),
      messages.append(draft(room, 'fine-b')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await stored(room)).map((row) => row.message_id).slice(before)).toEqual(['fine-a', 'fine-b']);
    expect((await stored(room)).map((row) => row.seq)).toEqual(Array.from({ length: before + 2 }, (_, i) => i + 1));
  });

  it('stores the mentions of each send of a batch with its seq, for the unread-mention counts', async () => {
    if (!context) return;
    const [, room] = rooms;
    const appended = await Promise.all([
      messages.append(draft(room, 'mentions-other', { mentions: [other] })),
      messages.append(draft(room, 'mentions-none')),
      messages.append(draft(room, 'mentions-both', { mentions: [other, sender] })),
    ]);
    const rows = await database.query<{ message_id: string; user_id: string; seq: number }>(
      'SELECT message_id, user_id, seq FROM message_mentions WHERE conversation_id = $1 AND message_id = ANY($2::uuid[]) ORDER BY seq, user_id',
      [room, appended.map((m) => m.id)],
    );
    const [a, , c] = appended;
    expect(rows).toEqual(
      [
        { message_id: a.id, user_id: other, seq: a.seq },
        { message_id: c.id, user_id: other, seq: c.seq },
        { message_id: c.id, user_id: sender, seq: c.seq },
      ].sort((x, y) => x.seq - y.seq || x.user_id.localeCompare(y.user_id)),
    );
    expect(await messages.findById(c.id)).toMatchObject({ mentions: [other, sender] });
  });

  it('claims uploads and stores replies in the batch; an upload already taken fails only its own send', async () => {
    if (!context) return;
    const [room] = rooms;
    const attachments = module.get(AttachmentsRepository);
    const upload = async () => {
      const id = randomUUID();
      await attachments.insert({
        id,
        uploaderId: sender,
        messageId: null,
        conversationId: null,
        filename: 'a.txt',
        contentType: 'text/plain',
        size: 1,
        width: null,
        height: null,
        storageKey: `k-${id}`,
        thumbnailKey: null,
        thumbnailSize: null,
        etag: 'e',
        createdAt: new Date(),
        deletedAt: null,
      });
      return { id, filename: 'a.txt', content_type: 'text/plain', size: 1, width: null, height: null, thumbnail: false };
    };
    const [first, second] = [await upload(), await upload()];
    const original = await messages.append(draft(room, 'original'));
    const taker = await messages.append(draft(room, 'taker', { attachments: [first] }));
    const outcomes = await Promise.allSettled([
      messages.append(draft(room, 'with-file', { attachments: [second], replyTo: original })),
      messages.append(draft(room, 'late', { attachments: [first] })),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(AttachmentsTakenError);
    const withFile = (outcomes[0] as PromiseFulfilledResult<Awaited<ReturnType<MessagesRepository['append']>>>).value;
    expect((await attachments.findById(first.id))?.messageId).toBe(taker.id);
    expect(await attachments.findById(second.id)).toMatchObject({ messageId: withFile.id, conversationId: room });
    expect(await messages.findById(withFile.id)).toMatchObject({
      seq: taker.seq + 1,
      reply_to: { id: original.id },
      attachments: [expect.objectContaining({ id: second.id })],
    });
  });
});
