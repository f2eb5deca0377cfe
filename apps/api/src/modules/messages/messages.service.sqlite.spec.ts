import type { TestingModule } from '@nestjs/testing';
import type { Message } from '@pneumatic/contracts';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { createDatabaseTestingModule } from '../../../test/database';
import { ConflictError } from '../../core/errors';
import { ConversationsModule } from '../conversations/conversations.module';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { UsersModule } from '../users/users.module';
import { UsersRepository } from '../users/users.repository';
import { MessagesModule } from './messages.module';
import { MessagesService } from './messages.service';

/** One send of the property: who, which key, which of two contents. */
const sendOp = fc.record({ sender: fc.nat(2), key: fc.nat(5), variant: fc.nat(1) });

describe('MessagesService on a real SQLite database (seq and idempotency, property)', () => {
  let module: TestingModule;
  let sut: MessagesService;
  let conversations: ConversationsRepository;
  const people: string[] = [];

  beforeAll(async () => {
    module = await createDatabaseTestingModule([UsersModule, ConversationsModule, MessagesModule]);
    sut = module.get(MessagesService);
    conversations = module.get(ConversationsRepository);
    const users = module.get(UsersRepository);
    for (const name of ['ann', 'ben', 'cid']) {
      people.push((await users.insert({ id: randomUUID(), username: name, fullName: null, passwordHash: 'h', createdAt: new Date() })).id);
    }
  });
  afterAll(() => module.close());

  const newRoom = async () => {
    const id = randomUUID();
    const now = new Date();
    await conversations.create({ id, title: null, isGroup: true, directKey: null, lastSeq: 0, lastChangeSeq: 0, createdAt: now, updatedAt: now }, people);
    return id;
  };

  it('gives gap-free seqs and one stored message per key, whatever the interleaving of sends and replays', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sendOp, { minLength: 1, maxLength: 30 }), fc.scheduler(), async (ops, scheduler) => {
        const room = await newRoom();
        const tag = randomUUID().slice(0, 8);
        const input = (op: (typeof ops)[number]) => ({
          conversation_id: room,
          message_id: `${tag}-${op.key}`,
          content: `content ${op.variant}`,
        });
        // The scheduler starts the sends in a random order; from there they run concurrently on the real database.
        const sends = ops.map((op) => scheduler.schedule(Promise.resolve()).then(() => sut.send(people[op.sender], input(op))));
        await scheduler.waitAll();
        const outcomes = await Promise.allSettled(sends);

        const stored = (await sut.history(people[0], room, { after_seq: 0, limit: 100 })).messages;
        expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
        const byKey = new Map<string, Message>(stored.map((m) => [`${m.sender_id}/${m.message_id}`, m]));
        expect(byKey.size).toBe(new Set(ops.map((op) => `${op.sender}/${op.key}`)).size);
        ops.forEach((op, i) => {
          const kept = byKey.get(`${people[op.sender]}/${input(op).message_id}`);
          const outcome = outcomes[i];
          expect(kept).toBeDefined();
          if (kept?.content === input(op).content) {
            // The first of a key, or a replay of it: the stored message, always.
            expect(outcome).toEqual({ status: 'fulfilled', value: { message: kept, created: expect.any(Boolean) } });
          } else {
            expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(ConflictError);
          }
        });
        const created = outcomes.filter((o) => o.status === 'fulfilled' && o.value.created).length;
        expect(created).toBe(stored.length);
      }),
      { numRuns: 40 },
    );
  });
});
