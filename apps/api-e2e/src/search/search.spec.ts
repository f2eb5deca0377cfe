import type { Ack, Conversation, Message, SearchMessagesResponse, SearchResult } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expectProblem, registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { closeAllSockets, connectSocket } from '../support/sockets';

/**
 * SPEC 10.5 on the suite's database (E2E_DB: SQLite by default, PostgreSQL with E2E_DB=postgres). Every expectation
 * names the exact messages found, so the two runs prove that the same query finds the same messages on both.
 */
describe('searching messages', () => {
  let server: RunningServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let outsider: TestUser;
  /** alice, bob, carol */
  let group: Conversation;
  /** alice and bob */
  let direct: Conversation;
  /** Every message this suite sent, by its text (texts are unique). */
  const sent = new Map<string, Message>();
  /** A word no other suite run shares, so that results are exactly this suite's messages. */
  const tag = `t${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    server = await startServer();
    [alice, bob, carol, outsider] = await Promise.all(['alice', 'bob', 'carol', 'outsider'].map((name) => registerUser(server, name)));
    group = (
      await as(alice)
        .post('/conversations')
        .send({ member_ids: [bob.user.id, carol.user.id], is_group: true, title: 'g' })
        .expect(201)
    ).body;
    direct = (
      await as(alice)
        .post('/conversations')
        .send({ member_ids: [bob.user.id] })
        .expect(201)
    ).body;
    const corpus: [TestUser, Conversation, string][] = [
      [alice, group, 'Crème brûlée for dessert'],
      [bob, group, 'CREME fraiche is not creme brulee'],
      [carol, group, 'the big cat sat on the mat'],
      [alice, group, 'a cat that is big'],
      [bob, direct, 'secret creme recipe between us'],
      [alice, direct, 'catalogue of cats'],
      [bob, group, 'write me an e-mail at bob@example.com'],
    ];
    for (const [user, conversation, content] of corpus) await send(user, conversation, `${content} ${tag}`);
  });
  afterEach(() => closeAllSockets());
  afterAll(() => server.dispose());

  function as(user: TestUser) {
    const withAuth = (test: request.Test) => test.set('Authorization', user.bearer);
    return {
      get: (path: string) => withAuth(request(server.url).get(path)),
      post: (path: string) => withAuth(request(server.url).post(path)),
      patch: (path: string) => withAuth(request(server.url).patch(path)),
      delete: (path: string) => withAuth(request(server.url).delete(path)),
    };
  }
  async function send(user: TestUser, conversation: Conversation, content: string): Promise<Message> {
    const message = (
      await as(user).post('/messages').send({ conversation_id: conversation.id, message_id: randomUUID(), content }).expect(201)
    ).body as Message;
    sent.set(content.replace(` ${tag}`, ''), message);
    return message;
  }
  async function search(user: TestUser, params: Record<string, string | number>): Promise<SearchMessagesResponse> {
    const response = await as(user).get('/search/messages').query(params);
    expect(response.status).toBe(200);
    return response.body;
  }
  /** The texts (without the tag) of what `user` finds for `q` (and the tag), newest first. */
  async function found(user: TestUser, q: string, params: Record<string, string | number> = {}): Promise<string[]> {
    const body = await search(user, { q: `${tag} ${q}`, ...params });
    return body.results.map((result) => result.message.content.replace(` ${tag}`, ''));
  }
  const marked = (result: SearchResult) => result.highlights.map(([start, end]) => result.snippet.slice(start, end));

  describe('the query language', () => {
    it('requires every word, in any order, ignoring case and accents', async () => {
      expect(await found(bob, 'creme brulee')).toEqual(['CREME fraiche is not creme brulee', 'Crème brûlée for dessert']);
      expect(await found(bob, 'BRÛLÉE crème')).toEqual(['CREME fraiche is not creme brulee', 'Crème brûlée for dessert']);
      expect(await found(bob, 'creme dessert')).toEqual(['Crème brûlée for dessert']);
      expect(await found(bob, 'creme nowhere')).toEqual([]);
    });

    it('matches the last word also as a prefix, and the others only whole', async () => {
      expect(await found(alice, 'cat')).toEqual(['catalogue of cats', 'a cat that is big', 'the big cat sat on the mat']);
      expect(await found(alice, 'cat big')).toEqual(['a cat that is big', 'the big cat sat on the mat']);
      expect(await found(alice, 'ca of')).toEqual([]);
      expect(await found(alice, 'of ca')).toEqual(['catalogue of cats']);
    });

    it('matches a quoted phrase only with its words in a row', async () => {
      expect(await found(carol, '"big cat"')).toEqual(['the big cat sat on the mat']);
      expect(await found(carol, '"cat big"')).toEqual([]);
      expect(await found(carol, '"on the mat" "big cat"')).toEqual(['the big cat sat on the mat']);
    });

    it('cuts words at punctuation as the index does: e-mail and an address', async () => {
      expect(await found(bob, 'e-mail')).toEqual(['write me an e-mail at bob@example.com']);
      expect(await found(bob, 'example')).toEqual(['write me an e-mail at bob@example.com']);
      expect(await found(bob, '"e mail"')).toEqual(['write me an e-mail at bob@example.com']);
    });

    it('filters by from:username (several: any of them) and by the from user id', async () => {
      expect(await found(alice, `creme from:${bob.user.username}`)).toEqual([
        'secret creme recipe between us',
        'CREME fraiche is not creme brulee',
      ]);
      expect(await found(alice, `creme from:${bob.user.username.toUpperCase()} from:${alice.user.username}`)).toHaveLength(3);
      expect(await found(alice, 'creme', { from: alice.user.id })).toEqual(['Crème brûlée for dessert']);
      expect(await found(alice, 'creme from:nobody_by_that_name')).toEqual([]);
      // from: alone lists what that person sent.
      expect(await found(carol, `from:${carol.user.username}`)).toEqual(['the big cat sat on the mat']);
    });

    it('filters by conversation, and by time (both bounds exclusive)', async () => {
      expect(await found(alice, 'creme', { conversation_id: direct.id })).toEqual(['secret creme recipe between us']);
      const first = sent.get('Crème brûlée for dessert') as Message;
      const second = sent.get('CREME fraiche is not creme brulee') as Message;
      expect(
        await found(alice, 'creme', { after: first.created_at, before: sent.get('secret creme recipe between us')?.created_at as string }),
      ).toEqual(first.created_at === second.created_at ? [] : ['CREME fraiche is not creme brulee']);
      expect(await found(alice, 'creme', { before: second.created_at })).toEqual(
        first.created_at === second.created_at ? [] : ['Crème brûlée for dessert'],
      );
      expect(await found(alice, 'dessert', { after: first.created_at })).toEqual([]);
    });
  });

  describe('what may be found', () => {
    it('only in conversations the caller is a member of now', async () => {
      expect(await found(carol, 'creme')).toEqual(['CREME fraiche is not creme brulee', 'Crème brûlée for dessert']);
      expect(await found(outsider, 'creme')).toEqual([]);
      expectProblem(await as(outsider).get('/search/messages').query({ q: 'creme', conversation_id: group.id }), 403, 'FORBIDDEN');
      expectProblem(await as(carol).get('/search/messages').query({ q: 'creme', conversation_id: direct.id }), 403, 'FORBIDDEN');
      expectProblem(await as(carol).get('/search/messages').query({ q: 'creme', conversation_id: randomUUID() }), 404, 'NOT_FOUND');
    });

    it('finds a message as soon as its send is acknowledged, by its new text only once edited, never once deleted', async () => {
      const socket = await connectSocket(server, { token: alice.tokens.access_token });
      const ack: Ack<{ message: Message }> = await socket.emitWithAck('message:send', {
        conversation_id: group.id,
        message_id: randomUUID(),
        content: `flamingo pink ${tag}`,
      });
      if (!ack.ok) throw new Error(JSON.stringify(ack));
      expect(await found(bob, 'flamingo')).toEqual(['flamingo pink']);
      const edited = await socket.emitWithAck('message:edit', { id: ack.message.id, content: `pelican white ${tag}` });
      expect(edited.ok).toBe(true);
      expect(await found(bob, 'flamingo')).toEqual([]);
      expect(await found(bob, 'pink')).toEqual([]);
      expect(await found(bob, 'pelican')).toEqual(['pelican white']);
      // The old text stays among the revisions, and is still never found.
      expect((await as(bob).get(`/messages/${ack.message.id}/revisions`).expect(200)).body.revisions).toHaveLength(1);
      await as(alice).delete(`/messages/${ack.message.id}`).expect(204);
      expect(await found(bob, 'pelican')).toEqual([]);
      expect(await found(alice, `from:${alice.user.username}`)).not.toContain('');
    });

    it('returns each message as it is now, with a snippet and highlights of the matched words', async () => {
      const { results } = await search(bob, { q: `${tag} creme brul` });
      expect(results.map((result) => result.message)).toEqual([
        sent.get('CREME fraiche is not creme brulee'),
        sent.get('Crème brûlée for dessert'),
      ]);
      expect(results.map(marked)).toEqual([
        ['CREME', 'creme', 'brulee', tag],
        ['Crème', 'brûlée', tag],
      ]);
    });

    it('shows a reply as every read does, with the preview of its original as it is now', async () => {
      const original = sent.get('the big cat sat on the mat') as Message;
      const reply = (
        await as(bob)
          .post('/messages')
          .send({ conversation_id: group.id, message_id: randomUUID(), content: `${tag} pelagic reply`, reply_to_id: original.id })
          .expect(201)
      ).body as Message;
      const { results } = await search(carol, { q: `${tag} pelagic` });
      expect(results.map((r) => r.message)).toEqual([reply]);
      expect(results[0].message.reply_to).toMatchObject({ id: original.id, seq: original.seq, deleted: false });
    });

    it('cuts a long message to a snippet of at most 200 code points around the match', async () => {
      const long = `${'lorem ipsum '.repeat(40)}the hidden ${tag}needle here ${'dolor sit '.repeat(40)}`;
      const message = (
        await as(alice).post('/messages').send({ conversation_id: group.id, message_id: randomUUID(), content: long }).expect(201)
      ).body;
      const { results } = await search(bob, { q: `${tag}needle` });
      expect(results).toHaveLength(1);
      expect(results[0].message).toEqual(message);
      expect([...results[0].snippet].length).toBeLessThanOrEqual(200);
      expect(results[0].snippet).toMatch(/^….*hidden .*needle here.*…$/s);
      expect(marked(results[0])).toEqual([`${tag}needle`]);
    });
  });

  describe('paging', () => {
    it('gives full pages newest first, then a null cursor, with nothing missing or repeated', async () => {
      const room = (
        await as(carol)
          .post('/conversations')
          .send({ member_ids: [bob.user.id], is_group: true, title: 'pages' })
          .expect(201)
      ).body;
      const word = `${tag}page`;
      const mine: Message[] = [];
      for (let i = 0; i < 23; i++) mine.push(await send(i % 2 ? carol : bob, room, `${word} number ${i}`));
      // Messages Carol cannot read in between: membership is inside the query, pages stay full.
      for (let i = 0; i < 5; i++) await send(alice, direct, `${word} private ${i}`);
      const pages: SearchMessagesResponse[] = [];
      let cursor: string | null = null;
      do {
        const page: SearchMessagesResponse = await search(carol, { q: word, limit: 10, ...(cursor ? { cursor } : {}) });
        pages.push(page);
        cursor = page.next_cursor;
      } while (cursor);
      expect(pages.map((page) => page.results.length)).toEqual([10, 10, 3]);
      expect(pages.flatMap((page) => page.results.map((result) => result.message.id))).toEqual(mine.map((m) => m.id).reverse());
      const exact = await search(carol, { q: word, limit: 23 });
      expect(exact.results).toHaveLength(23);
      expect(exact.next_cursor).toBeNull();
      expect((await search(carol, { q: word })).results).toHaveLength(20);
    });
  });

  describe('bad input', () => {
    it.each([
      [{}, 'q'],
      [{ q: '' }, 'q'],
      [{ q: '   ' }, 'q'],
      [{ q: `${'x'.repeat(495)}😀😀😀😀😀😀` }, 'q'],
      [{ q: 'a', limit: 0 }, 'limit'],
      [{ q: 'a', limit: 51 }, 'limit'],
      [{ q: 'a', limit: '2.5' }, 'limit'],
      [{ q: 'a', cursor: 'not a cursor!' }, 'cursor'],
      [{ q: 'a', cursor: Buffer.from('{"before":-1}').toString('base64url') }, 'cursor'],
      [{ q: 'a', before: 'yesterday' }, 'before'],
      [{ q: 'a', after: '2026-13-40T00:00:00Z' }, 'after'],
      [{ q: 'a', conversation_id: 'nope' }, 'conversation_id'],
      [{ q: 'a', from: 'alice' }, 'from'],
      [{ q: 'a', sort: 'rank' }, 'sort'],
    ])('%j is a 400 naming %s', async (params, field) => {
      const response = await as(alice).get('/search/messages').query(params);
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(response.body.errors ?? response.body.detail)).toContain(field);
    });

    it('a repeated q is a 400', async () => {
      expectProblem(await as(alice).get('/search/messages?q=a&q=b'), 400, 'VALIDATION_FAILED');
    });

    const syntax = [
      '*',
      '"',
      '-',
      ':',
      'NEAR(',
      'NEAR(a b)',
      'a OR b',
      'a AND',
      'NOT',
      '"unbalanced',
      '""',
      'col:x',
      "'",
      '\\',
      '(',
      ')',
      '^a',
      'a:*',
      '&|!',
    ];
    it.each([...syntax.map((q) => [JSON.stringify(q), q]), ['500 letters', 'x'.repeat(500)], ['250 emoji', '😀'.repeat(250)]])(
      '%s never reaches the database as syntax: 200',
      async (_, q) => {
        const response = await as(alice).get('/search/messages').query({ q });
        expect(response.status).toBe(200);
        expect(response.body.results).toEqual(expect.any(Array));
      },
    );

    it('needs a token', async () => {
      expectProblem(await request(server.url).get('/search/messages').query({ q: 'a' }), 401, 'UNAUTHORIZED');
    });
  });
});

/** The same index and queries through the asynchronous sqlite3 driver (SQLITE_DRIVER=sqlite3, SQLite 3.44). */
describe('searching messages on the sqlite3 driver', () => {
  let server: RunningServer;
  let alice: TestUser;

  beforeAll(async () => {
    server = await startServer({ database: 'sqlite', env: { SQLITE_DRIVER: 'sqlite3' } });
    alice = await registerUser(server, 'alice');
  });
  afterAll(() => server.dispose());

  it('finds, forgets an edited text and a deleted message, folding case and accents', async () => {
    const auth = (test: request.Test) => test.set('Authorization', alice.bearer);
    const room = (
      await auth(request(server.url).post('/conversations')).send({ member_ids: [], is_group: true, title: 'notes' }).expect(201)
    ).body;
    const send = async (content: string): Promise<Message> =>
      (await auth(request(server.url).post('/messages')).send({ conversation_id: room.id, message_id: randomUUID(), content }).expect(201))
        .body;
    const found = async (q: string) =>
      ((await auth(request(server.url).get('/search/messages')).query({ q }).expect(200)).body as SearchMessagesResponse).results.map(
        (r) => r.message.content,
      );
    const first = await send('Crème brûlée');
    await send('creme fraiche');
    expect(await found('CREME')).toEqual(['creme fraiche', 'Crème brûlée']);
    await auth(request(server.url).patch(`/messages/${first.id}`))
      .send({ content: 'tarte tatin' })
      .expect(200);
    expect(await found('brulee')).toEqual([]);
    expect(await found('tat')).toEqual(['tarte tatin']);
    await auth(request(server.url).delete(`/messages/${first.id}`)).expect(204);
    expect(await found('tatin')).toEqual([]);
  });
});
