import type { Conversation, Message, SearchMessagesResponse } from '@pneumatic/contracts';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';

/**
 * SPEC 10.5 as a property: whatever mix of sends, edits, deletions and searches happens, a search finds exactly the
 * messages the caller may read now, in their current text, that match the query — so never anything outside that.
 */

const WORDS = ['apple', 'Äpple', 'apricot', 'banana', 'BANÁNA', 'band', 'cherry', 'chérie', 'Cherry-pie'];

type Command =
  | { readonly kind: 'send'; readonly user: number; readonly room: number; readonly words: readonly number[] }
  | { readonly kind: 'edit'; readonly pick: number; readonly words: readonly number[] }
  | { readonly kind: 'delete'; readonly pick: number }
  | {
      readonly kind: 'search';
      readonly user: number;
      readonly words: readonly number[];
      readonly cut: number;
      readonly phrase: boolean;
      readonly from: number | null;
    };

const words = fc.array(fc.nat(WORDS.length - 1), { minLength: 1, maxLength: 4 });
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('send' as const), user: fc.nat(3), room: fc.nat(2), words }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(), words }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('search' as const),
      user: fc.nat(3),
      words: fc.array(fc.nat(WORDS.length - 1), { minLength: 1, maxLength: 2 }),
      cut: fc.nat(4),
      phrase: fc.boolean(),
      from: fc.option(fc.nat(3)),
    }),
  },
);

/** The words as the contract reads them: case and accents folded, cut at anything not a letter or digit. */
const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

describe('search results, as a property', () => {
  let server: RunningServer;
  let users: TestUser[];

  beforeAll(async () => {
    server = await startServer();
    users = await Promise.all([0, 1, 2, 3].map((i) => registerUser(server, `prop${i}`)));
  });
  afterAll(() => server.dispose());

  const as = (user: TestUser) => ({
    get: (path: string) => request(server.url).get(path).set('Authorization', user.bearer),
    post: (path: string) => request(server.url).post(path).set('Authorization', user.bearer),
    patch: (path: string) => request(server.url).patch(path).set('Authorization', user.bearer),
    delete: (path: string) => request(server.url).delete(path).set('Authorization', user.bearer),
  });

  it('finds exactly the readable, current, matching messages, newest first', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), async (commands) => {
        const tag = `p${randomUUID().slice(0, 8)}`;
        // Rooms: 0 = users 0, 1, 2; 1 = users 0 and 3; 2 = users 1 and 3. Nobody is in all of them.
        const memberSets = [
          [0, 1, 2],
          [0, 3],
          [1, 3],
        ];
        const rooms: Conversation[] = [];
        for (const [creator, ...others] of memberSets) {
          const body = { member_ids: others.map((i) => users[i].user.id), is_group: true, title: tag };
          rooms.push((await as(users[creator]).post('/conversations').send(body).expect(201)).body);
        }
        /** The model: every message sent in this run as it is now, oldest first. */
        const messages: Message[] = [];
        const text = (indexes: readonly number[]) => `${tag} ${indexes.map((i) => WORDS[i]).join(' ')}`;
        for (const step of commands) {
          if (step.kind === 'send') {
            const room = memberSets[step.room].includes(step.user) ? step.room : memberSets.findIndex((set) => set.includes(step.user));
            const body = { conversation_id: rooms[room].id, message_id: randomUUID(), content: text(step.words) };
            messages.push((await as(users[step.user]).post('/messages').send(body).expect(201)).body);
          } else if (step.kind === 'edit' || step.kind === 'delete') {
            const live = messages.filter((m) => !m.deleted_at);
            if (live.length === 0) continue;
            const target = live[step.pick % live.length];
            const author = users.find((u) => u.user.id === target.sender_id) as TestUser;
            const index = messages.indexOf(target);
            if (step.kind === 'edit') {
              messages[index] = (
                await as(author)
                  .patch(`/messages/${target.id}`)
                  .send({ content: text(step.words) })
                  .expect(200)
              ).body;
            } else {
              await as(author).delete(`/messages/${target.id}`).expect(204);
              messages[index] = { ...target, content: '', deleted_at: 'deleted' };
            }
          } else {
            const chosen = step.words.map((i) => WORDS[i]);
            const phrase = step.phrase && chosen.length > 1;
            const last = chosen[chosen.length - 1];
            const typed = phrase ? [`"${chosen.join(' ')}"`] : [...chosen.slice(0, -1), last.slice(0, Math.max(1, last.length - step.cut))];
            const from = step.from === null ? '' : ` from:${users[step.from].user.username}`;
            const q = `${tag} ${typed.join(' ')}${from}`;
            const caller = users[step.user];
            const page = (await as(caller).get('/search/messages').query({ q, limit: 50 }).expect(200)).body as SearchMessagesResponse;

            const readable = new Set(rooms.filter((_, i) => memberSets[i].includes(step.user)).map((room) => room.id));
            // Each term: its words in a row; the last typed word also as a prefix.
            const terms = phrase
              ? [{ parts: wordsOf(chosen.join(' ')), prefix: false }]
              : typed.map((word, i) => ({ parts: wordsOf(word), prefix: i === typed.length - 1 }));
            const matches = (m: Message) => {
              const have = wordsOf(m.content);
              if (step.from !== null && m.sender_id !== users[step.from].user.id) return false;
              if (!have.includes(tag)) return false;
              return terms.every(({ parts, prefix }) =>
                have.some((_, at) =>
                  parts.every((part, k) => {
                    const word = have[at + k];
                    return word !== undefined && (prefix && k === parts.length - 1 ? word.startsWith(part) : word === part);
                  }),
                ),
              );
            };
            const expected = messages.filter((m) => !m.deleted_at && readable.has(m.conversation_id) && matches(m)).reverse();
            // Each result is readable, current and matching; and nothing readable, current and matching is left out.
            for (const result of page.results) {
              expect(readable.has(result.message.conversation_id)).toBe(true);
              expect(result.message).toEqual(messages.find((m) => m.id === result.message.id));
            }
            expect(page.results.map((r) => r.message.content)).toEqual(expected.map((m) => m.content));
          }
        }
      }),
      { numRuns: 8 },
    );
  });
});
