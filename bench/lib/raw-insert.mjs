/**
 * The storage baseline: the product's own write transaction (seq and change_seq bump, read of both, insert,
 * the sender's read marker) in a tight loop on the same SQLite file through better-sqlite3, with the
 * server stopped. Reported once with one commit per message and once with 100 per commit.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

export function rawInsertRates(path, conversationId, senderId, seconds) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const bump = db.prepare(
    'UPDATE conversations SET last_seq = last_seq + 1, last_change_seq = last_change_seq + 1, updated_at = ? WHERE id = ?',
  );
  const readSeq = db.prepare('SELECT last_seq, last_change_seq FROM conversations WHERE id = ?');
  const insert = db.prepare(
    'INSERT INTO messages (id, message_id, sender_id, conversation_id, seq, change_seq, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const marker = db.prepare(
    'UPDATE conversation_members SET last_read_seq = ? WHERE conversation_id = ? AND user_id = ? AND last_read_seq < ?',
  );
  let n = 0;
  const appendOne = () => {
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
    bump.run(now, conversationId);
    const { last_seq: seq, last_change_seq: changeSeq } = readSeq.get(conversationId);
    insert.run(randomUUID(), `raw-${n++}`, senderId, conversationId, seq, changeSeq, `raw ${n} ${'x'.repeat(80)}`, now);
    marker.run(seq, conversationId, senderId, seq);
  };
  const measure = (perCommit) => {
    const batch = db.transaction(() => {
      for (let i = 0; i < perCommit; i++) appendOne();
    });
    const started = performance.now();
    let count = 0;
    while (performance.now() - started < seconds * 1000) {
      batch();
      count += perCommit;
    }
    return Math.round(count / ((performance.now() - started) / 1000));
  };
  try {
    return { perMessageCommit: measure(1), hundredPerCommit: measure(100) };
  } finally {
    db.close();
  }
}
