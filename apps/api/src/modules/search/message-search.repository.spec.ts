import { Test, type TestingModule } from '@nestjs/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AppConfigModule } from '../../config/config.module';
import { EventsModule } from '../../core/events/events.module';
import { RedisModule } from '../../core/redis/redis.module';
import { DatabaseModule } from '../../database/database.module';
import { Database } from '../../database/database.service';
import { testConfig } from '../../../test/test-service';
import { MessageSearchRepository, type SearchCriteria } from './message-search.repository';
import { parseSearch } from './search-query';

const ADMIN_URL = process.env['E2E_POSTGRES_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<boolean> {
  const client = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query(sql);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The search SQL against real, migrated databases: membership is joined inside the query (a page is full when more
 * exists, and leaving a conversation takes its messages out of every search at once), and the walk goes from the
 * newest entry back. SQLite always; PostgreSQL where it answers at 127.0.0.1:5432.
 */
describe.each(['sqlite', 'postgres'] as const)('MessageSearchRepository (%s)', (kind) => {
  let module: TestingModule | undefined;
  let repository: MessageSearchRepository;
  let database: Database;
  const postgresName = `pneumatic_unit_${randomBytes(6).toString('hex')}`;
  const [alice, bob] = [randomUUID(), randomUUID()];
  const [shared, hers, theirs] = [randomUUID(), randomUUID(), randomUUID()];
  let seq = 0;

  const run = (sql: string, params: unknown[]) => database.query(sql, params);
  const send = (conversationId: string, senderId: string, content: string) =>
    run(
      'INSERT INTO messages (id, message_id, sender_id, conversation_id, seq, change_seq, content, created_at) VALUES ($1, $2, $3, $4, $5, $5, $6, $7)',
      [randomUUID(), `k${++seq}`, senderId, conversationId, seq, content, new Date(Date.UTC(2026, 0, 1, 0, 0, seq))],
    );
  const search = (callerId: string, q: string, extra: Partial<SearchCriteria> = {}) =>
    repository.search({ callerId, ...parseSearch(q), limit: 10, ...extra }).then((rows) => rows.map((row) => row.message.content));

  beforeAll(async () => {
    const env: Record<string, string> = {};
    if (kind === 'postgres') {
      if (!(await admin(`CREATE DATABASE ${postgresName}`))) return void process.stdout.write('PostgreSQL does not answer: skipped\n');
      const url = new URL(ADMIN_URL);
      url.pathname = `/${postgresName}`;
      env['DATABASE_URL'] = url.toString();
    } else env['SQLITE_PATH'] = ':memory:';
    module = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(testConfig(env)), EventsModule, RedisModule, DatabaseModule],
      providers: [MessageSearchRepository],
    }).compile();
    await module.init();
    repository = module.get(MessageSearchRepository);
    database = module.get(Database);
    const now = new Date();
    for (const [id, name] of [
      [alice, 'alice'],
      [bob, 'bob'],
    ])
      await run('INSERT INTO users (id, username, password_hash, created_at) VALUES ($1, $2, $3, $4)', [id, name, 'h', now]);
    for (const [id, members] of [
      [shared, [alice, bob]],
      [hers, [alice]],
      [theirs, [bob]],
    ] as const) {
      await run('INSERT INTO conversations (id, is_group, last_seq, created_at, updated_at) VALUES ($1, $2, 0, $3, $3)', [id, true, now]);
      for (const member of members)
        await run('INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES ($1, $2, $3)', [id, member, now]);
    }
    // Bob's own conversation holds most of the matches: Alice's pages must still be full.
    for (let i = 0; i < 25; i++) await send(theirs, bob, `lunch plan ${i}`);
    for (let i = 0; i < 12; i++) await send(shared, i % 2 ? alice : bob, `lunch shared ${i}`);
    await send(hers, alice, 'lunch alone');
  });
  afterAll(async () => {
    await module?.close();
    if (kind === 'postgres') await admin(`DROP DATABASE IF EXISTS ${postgresName} WITH (FORCE)`);
  });

  it('fills a page with what the caller may read, newest first, however many others match', async () => {
    if (!module) return;
    expect(await search(alice, 'lunch')).toEqual(['lunch alone', ...Array.from({ length: 9 }, (_, i) => `lunch shared ${11 - i}`)]);
  });

  it('goes on after a cursor, and filters by conversation, sender, username and time', async () => {
    if (!module) return;
    const [first] = await repository.search({ callerId: alice, ...parseSearch('lunch'), limit: 1 });
    expect(await search(alice, 'lunch', { beforeDocId: first.docId, limit: 2 })).toEqual(['lunch shared 11', 'lunch shared 10']);
    expect(await search(alice, 'lunch', { conversationId: hers })).toEqual(['lunch alone']);
    expect(await search(alice, 'lunch', { senderId: alice, limit: 2 })).toEqual(['lunch alone', 'lunch shared 11']);
    expect(await search(alice, 'from:bob', { limit: 2 })).toEqual(['lunch shared 10', 'lunch shared 8']);
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    expect(await search(alice, 'lunch', { after: at(26), before: at(28) })).toEqual(['lunch shared 1']);
  });

  it('forgets a conversation the caller has left, at once', async () => {
    if (!module) return;
    await run('DELETE FROM conversation_members WHERE conversation_id = $1 AND user_id = $2', [shared, alice]);
    expect(await search(alice, 'lunch')).toEqual(['lunch alone']);
    expect(await search(bob, 'shared', { limit: 1 })).toEqual(['lunch shared 11']);
  });
});
