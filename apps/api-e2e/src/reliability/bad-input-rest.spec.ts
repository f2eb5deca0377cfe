import request from 'supertest';
import { registerUser, TestUser } from '../support/client';
import { RunningServer, startServer } from '../support/server';
import { OTHER, ROOM } from './bad-input.corpus';
import { CORPUS_ATTACHMENT_MAX_BYTES, HttpCase, REST_CASES } from './bad-input-rest.cases';
import { DatabaseSnapshot, snapshotDatabase } from './database-snapshot';
import { createDirect } from './fixtures';

/** Sends a case exactly as written: raw body, chosen (or no) Content-Type. */
async function send(server: RunningServer, testCase: HttpCase, bearer: string, ids: { room: string; other: string }) {
  const fill = (value: string) => value.split(ROOM).join(ids.room).split(OTHER).join(ids.other);
  const headers: Record<string, string> = testCase.auth ? { Authorization: bearer } : {};
  if (testCase.contentType) headers['Content-Type'] = testCase.contentType;
  const body = testCase.body === undefined ? undefined : new Blob([fill(testCase.body)]);
  const response = await fetch(`${server.url}${fill(testCase.path)}`, { method: testCase.method, headers, body });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text };
}

describe('the bad-input corpus over REST', () => {
  let server: RunningServer;
  let caller: TestUser;
  let other: TestUser;
  let room: string;
  let before: DatabaseSnapshot;

  beforeAll(async () => {
    server = await startServer({ env: { ATTACHMENT_MAX_BYTES: String(CORPUS_ATTACHMENT_MAX_BYTES) } });
    caller = await registerUser(server, 'corpus');
    other = await registerUser(server, 'corpus_other');
    await request(server.url).post('/auth/signup').send({ username: 'corpus_owner', password: 'long-enough-password' }).expect(201);
    const created = await request(server.url)
      .post('/conversations')
      .set('Authorization', caller.bearer)
      .send({ member_ids: [other.user.id] })
      .expect(201);
    room = created.body.id;
    await request(server.url)
      .post('/messages')
      .set('Authorization', caller.bearer)
      .send({ conversation_id: room, message_id: 'seed', content: 'seed' })
      .expect(201);
    before = await snapshotDatabase(server);
  });
  afterAll(() => server.dispose());

  it.each(REST_CASES.map((testCase) => [testCase.name, testCase] as const))('%s', async (_, testCase) => {
    const response = await send(server, testCase, caller.bearer, { room, other: other.user.id });
    const allowed = typeof testCase.status === 'number' ? [testCase.status] : testCase.status;
    // The body is part of the comparison so that a failure shows what the server said.
    expect({ status: allowed.includes(response.status) ? allowed[0] : response.status, body: response.text.slice(0, 300) }).toEqual({
      status: allowed[0],
      body: expect.any(String),
    });
    if (response.status >= 400) {
      expect(response.contentType).toContain('application/problem+json');
      const problem = JSON.parse(response.text);
      expect(problem).toMatchObject({ status: response.status, code: testCase.code ?? expect.any(String), detail: expect.any(String) });
      expect(response.text).not.toMatch(/\bat .+\.js:\d+|SELECT |INSERT |SQLITE_|QueryFailedError/);
    }
  });

  it('covers every operation of the OpenAPI document that takes a body, a path parameter or a query', async () => {
    type Operation = { parameters?: unknown[]; requestBody?: unknown };
    const document = (await request(server.url).get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, Operation>> };
    const takingInput = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    const covered = new Set(REST_CASES.map((testCase) => testCase.route));
    expect(takingInput.filter((route) => !covered.has(route))).toEqual([]);
  });

  it('wrote nothing: every table holds exactly the rows it held before the corpus', async () => {
    expect(await snapshotDatabase(server)).toEqual(before);
  });

  it('is still healthy, and nothing was logged as an unexpected failure', async () => {
    expect(server.process.exitCode).toBeNull();
    await request(server.url).get('/health').expect(200);
    await request(server.url).get('/auth/me').set('Authorization', caller.bearer).expect(200);
    const failures = server.output.filter((line) => /"level":"error"|"level":50/.test(line));
    expect(failures).toEqual([]);
  });
});

describe('hostile text that is valid input is stored as text', () => {
  let server: RunningServer;
  let alice: TestUser;
  let room: string;

  beforeAll(async () => {
    server = await startServer();
    alice = await registerUser(server, 'verbatim');
    const bob = await registerUser(server, 'verbatim_bob');
    room = (await createDirect(server, alice, bob)).id;
  });
  afterAll(() => server.dispose());

  it.each([
    ['a script tag', '<script>alert(document.cookie)</script>'],
    ['an image with onerror', '<img src=x onerror="alert(1)">'],
    ['an SQL injection', "'; DROP TABLE messages; --"],
    ['a NoSQL operator', '{"$where": "sleep(1000)"}'],
    ['a template expression', '{{constructor.constructor("alert(1)")()}} ${7*7}'],
    ['right-to-left and zero-width characters', 'abc\u202eevil\u200b\u200d'],
  ])('stores and returns %s verbatim, as JSON', async (name, content) => {
    const sent = await request(server.url)
      .post('/messages')
      .set('Authorization', alice.bearer)
      .send({ conversation_id: room, message_id: `v-${name.length}-${content.length}`, content });
    expect(sent.status).toBe(201);
    expect(sent.body.content).toBe(content);
    const page = await request(server.url)
      .get(`/conversations/${room}/messages?after_seq=${sent.body.seq - 1}&limit=1`)
      .set('Authorization', alice.bearer)
      .expect(200);
    expect(page.headers['content-type']).toMatch(/^application\/json/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body.messages[0].content).toBe(content);
  });

  it('treats an SQL injection in a search as text (no user matches it)', async () => {
    const response = await request(server.url)
      .get(`/users?q=${encodeURIComponent("' OR '1'='1")}`)
      .set('Authorization', alice.bearer)
      .expect(200);
    expect(response.body.users).toEqual([]);
  });

  it('strips bidirectional overrides and zero-width characters from display names and titles', async () => {
    const spoof = '\u202eAlice\u200b \u2066Smith\u2069\ufeff';
    const signup = await request(server.url)
      .post('/auth/signup')
      .send({ username: 'spoof_name', password: 'long-enough-password', full_name: spoof })
      .expect(201);
    expect(signup.body.full_name).toBe('Alice Smith');
    const group = await request(server.url)
      .post('/conversations')
      .set('Authorization', alice.bearer)
      .send({ member_ids: [signup.body.id], is_group: true, title: spoof })
      .expect(201);
    expect(group.body.title).toBe('Alice Smith');
  });

  it('accepts an upper-case UUID as the same conversation', async () => {
    const response = await request(server.url).get(`/conversations/${room.toUpperCase()}`).set('Authorization', alice.bearer).expect(200);
    expect(response.body.id).toBe(room);
  });
});
