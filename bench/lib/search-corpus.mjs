/**
 * The search bench's corpus: `messages` messages over `conversations` conversations, written straight into a
 * migrated database (no API in between: a million sends through the product would take an hour). On both databases the
 * product's insert trigger is set aside for the load and the index built afterwards in bulk, as the migration builds it
 * for existing messages: the same rows as the trigger would write, in a fraction of the time.
 *
 * The searcher is a member of 20 conversations (every 50th); the texts are random words of a Zipf-like vocabulary
 * with, per message, "meeting" (30 %), "release candidate" (1 %), a word beginning with "proj" (10 %) and
 * "zanzibar" (0.01 %): a common word, a phrase, a prefix and a rare word.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

export const QUERIES = [
  { kind: 'rare word', q: 'zanzibar' },
  { kind: 'common word', q: 'meeting' },
  { kind: 'prefix', q: 'proj' },
  { kind: 'phrase', q: '"release candidate"' },
];

const SENDERS = 200;
const MEMBERS_PER_CONVERSATION = 4;
const SEARCHER_EVERY = 50;
const START = Date.parse('2025-01-01T00:00:00Z');

/** A small, fast, seeded generator: the same corpus on both databases. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function vocabulary(random, size = 3000) {
  const syllables = ['ka', 'lo', 'mi', 'ra', 'ten', 'su', 'vo', 'bel', 'dra', 'quin', 'or', 'ul', 'sha', 'fe', 'ni', 'pa', 'to', 'gre'];
  const words = new Set();
  while (words.size < size) {
    const length = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < length; i++) word += syllables[Math.floor(random() * syllables.length)];
    words.add(word);
  }
  const list = [...words];
  // Zipf-like: the k-th word weighs 1/k.
  const cumulative = [];
  let total = 0;
  for (let k = 1; k <= list.length; k++) cumulative.push((total += 1 / k));
  return { list, cumulative, total };
}

/** Yields the corpus in storing order (oldest first): `{conversation, sender, seq, content, createdAt}`. */
export function* corpus({ messages, conversations, seed = 42 }) {
  const random = mulberry32(seed);
  const vocab = vocabulary(random);
  const pick = () => {
    const x = random() * vocab.total;
    let low = 0;
    let high = vocab.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (vocab.cumulative[middle] < x) low = middle + 1;
      else high = middle;
    }
    return vocab.list[low];
  };
  const seqs = new Uint32Array(conversations);
  const span = 365 * 24 * 3600 * 1000;
  for (let i = 0; i < messages; i++) {
    const conversation = Math.floor(random() * conversations);
    const words = [];
    const count = 6 + Math.floor(random() * 9);
    for (let w = 0; w < count; w++) words.push(pick());
    const at = () => Math.floor(random() * (words.length + 1));
    if (random() < 0.3) words.splice(at(), 0, 'meeting');
    if (random() < 0.01) words.splice(at(), 0, 'release candidate');
    if (random() < 0.1) words.splice(at(), 0, ['project', 'projector', 'projection'][Math.floor(random() * 3)]);
    if (random() < 0.0001) words.splice(at(), 0, 'zanzibar');
    const content = words.join(' ');
    yield {
      index: i,
      conversation,
      sender: Math.floor(random() * MEMBERS_PER_CONVERSATION),
      seq: ++seqs[conversation],
      content: content.charAt(0).toUpperCase() + content.slice(1),
      createdAt: new Date(START + Math.floor((i / messages) * span)),
    };
  }
}

/** Who is in which conversation: the searcher in every 50th, and four of the 200 senders in each. */
function layout(conversations, searcherId) {
  const senders = Array.from({ length: SENDERS }, () => randomUUID());
  const rooms = Array.from({ length: conversations }, (_, c) => {
    const members = Array.from({ length: MEMBERS_PER_CONVERSATION }, (_, m) => senders[(c * 7 + m * 13) % SENDERS]);
    if (c % SEARCHER_EVERY === 0) members[0] = searcherId;
    return { id: randomUUID(), members };
  });
  return { senders, rooms, searcherConversations: rooms.filter((_, c) => c % SEARCHER_EVERY === 0).length };
}

/**
 * A UUID that sorts by time (the layout of version 7): ids of messages stored oldest first go to the end of their
 * indexes instead of all over them, which is what makes a million inserts take seconds.
 */
function orderedUuid(date, n) {
  const hex = date.getTime().toString(16).padStart(12, '0') + (n % 0x1000000).toString(16).padStart(6, '0');
  const tail = randomUUID().slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(12, 15)}-${(8 + (n % 4)).toString(16)}${hex.slice(15, 18)}-${tail}`;
}

const sqliteTime = (date) => date.toISOString().replace('T', ' ').replace('Z', '');

/** Fills a migrated SQLite file; the API must not be running on it. */
export function fillSqlite(path, { messages, conversations, searcherId }) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const { senders, rooms, searcherConversations } = layout(conversations, searcherId);
  const now = sqliteTime(new Date(START));
  const addUser = db.prepare("INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, 'x', ?)");
  const addRoom = db.prepare('INSERT INTO conversations (id, title, is_group, last_seq, created_at, updated_at) VALUES (?, ?, 1, 0, ?, ?)');
  const addMember = db.prepare('INSERT OR IGNORE INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)');
  const addMessage = db.prepare(
    'INSERT INTO messages (id, message_id, sender_id, conversation_id, seq, change_seq, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    senders.forEach((id, i) => addUser.run(id, `sender${i}`, now));
    rooms.forEach((room, c) => {
      addRoom.run(room.id, `room ${c}`, now, now);
      for (const member of room.members) addMember.run(room.id, member, now);
    });
  })();
  // The insert trigger indexes row by row (about ten times the cost of the insert itself): set it aside for the load
  // and index what was loaded in two statements, as migration 1765500000000 indexes existing messages.
  const { sql: insertTrigger } = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'message_search_insert'").get();
  db.exec('DROP TRIGGER message_search_insert');
  const batch = db.transaction((rows) => {
    for (const row of rows) {
      const room = rooms[row.conversation];
      addMessage.run(orderedUuid(row.createdAt, row.index), `b${row.conversation}-${row.seq}`, room.members[row.sender], room.id, row.seq, row.seq, row.content, sqliteTime(row.createdAt));
    }
  });
  let rows = [];
  for (const row of corpus({ messages, conversations })) {
    rows.push(row);
    if (rows.length === 10_000) batch(rows.splice(0));
  }
  batch(rows);
  db.transaction(() => {
    db.exec(`INSERT INTO message_search_docs (message_id, conversation_id, sender_id, created_at)
             SELECT id, conversation_id, sender_id, created_at FROM messages WHERE deleted_at IS NULL ORDER BY created_at, conversation_id, seq`);
    db.exec('INSERT INTO message_search (rowid, content) SELECT d.doc_id, m.content FROM message_search_docs d JOIN messages m ON m.id = d.message_id');
    db.exec(insertTrigger);
  })();
  db.exec('UPDATE conversations SET last_seq = (SELECT count(*) FROM messages m WHERE m.conversation_id = conversations.id), last_change_seq = last_seq');
  db.exec("INSERT INTO message_search (message_search) VALUES ('optimize')");
  db.close();
  return { searcherConversations };
}

/** Fills a migrated PostgreSQL database (`url`); the API may be stopped or running. */
export async function fillPostgres(url, { messages, conversations, searcherId }) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { senders, rooms, searcherConversations } = layout(conversations, searcherId);
    const now = new Date(START);
    // A bulk load: no wait for the WAL at each commit, and room to build the GIN index in memory.
    await client.query('SET synchronous_commit = off');
    await client.query("SET maintenance_work_mem = '256MB'");
    await client.query("INSERT INTO users (id, username, password_hash, created_at) SELECT id, 'sender' || n, 'x', $2 FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n)", [senders, now]);
    await client.query(
      "INSERT INTO conversations (id, title, is_group, last_seq, created_at, updated_at) SELECT id, 'room', true, 0, $2, $2 FROM unnest($1::uuid[]) AS c(id)",
      [rooms.map((room) => room.id), now],
    );
    const pairs = rooms.flatMap((room) => [...new Set(room.members)].map((member) => [room.id, member]));
    await client.query(
      'INSERT INTO conversation_members (conversation_id, user_id, joined_at) SELECT c, u, $3 FROM unnest($1::uuid[], $2::uuid[]) AS t(c, u)',
      [pairs.map((p) => p[0]), pairs.map((p) => p[1]), now],
    );
    await client.query('ALTER TABLE messages DISABLE TRIGGER message_search_insert');
    const columns = { id: [], key: [], sender: [], room: [], seq: [], content: [], at: [] };
    const flush = async () => {
      if (columns.id.length === 0) return;
      await client.query(
        `INSERT INTO messages (id, message_id, sender_id, conversation_id, seq, change_seq, content, created_at)
         SELECT id, key, sender, room, seq, seq, content, at
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::int[], $6::text[], $7::timestamptz[]) AS t(id, key, sender, room, seq, content, at)`,
        [columns.id, columns.key, columns.sender, columns.room, columns.seq, columns.content, columns.at],
      );
      for (const list of Object.values(columns)) list.length = 0;
    };
    for (const row of corpus({ messages, conversations })) {
      const room = rooms[row.conversation];
      columns.id.push(orderedUuid(row.createdAt, row.index));
      columns.key.push(`b${row.conversation}-${row.seq}`);
      columns.sender.push(room.members[row.sender]);
      columns.room.push(room.id);
      columns.seq.push(row.seq);
      columns.content.push(row.content);
      columns.at.push(row.createdAt);
      if (columns.id.length === 10_000) await flush();
    }
    await flush();
    await client.query('ALTER TABLE messages ENABLE TRIGGER message_search_insert');
    // The index of what was loaded, in storing order, as migration 1765500000000 indexes existing messages.
    await client.query('DROP INDEX message_search_docs_vector_idx');
    await client.query(
      `INSERT INTO message_search_docs (message_id, conversation_id, sender_id, created_at, vector)
       SELECT id, conversation_id, sender_id, created_at, pneumatic_search_vector(content) FROM messages WHERE deleted_at IS NULL
       ORDER BY created_at, conversation_id, seq`,
    );
    await client.query('CREATE INDEX message_search_docs_vector_idx ON message_search_docs USING gin (vector)');
    await client.query(
      'UPDATE conversations c SET last_seq = m.n, last_change_seq = m.n FROM (SELECT conversation_id, count(*) AS n FROM messages GROUP BY conversation_id) m WHERE m.conversation_id = c.id',
    );
    await client.query('VACUUM ANALYZE');
    return { searcherConversations };
  } finally {
    await client.end();
  }
}
