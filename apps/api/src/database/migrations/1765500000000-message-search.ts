import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FOLD_FROM, FOLD_TO, SEPARATOR_RANGES } from './search-folding';

/**
 * The search index of SPEC 10.5, kept in step with messages by triggers, so that every write that stores, edits or
 * deletes a message updates the index in the same transaction, whatever code path made it.
 *
 * - message_search_docs: one row per findable message (not deleted, not a system message) with what the filters need
 *   (conversation, sender, time). doc_id is the search order: the order messages were stored, newest first; an edit
 *   keeps its place. Membership is joined on conversation_id inside the query.
 * - SQLite: message_search, a contentless FTS5 table whose rowid is doc_id, tokenized by `unicode61 remove_diacritics 2`
 *   (folds case and accents), with prefix indexes for the prefix match of the last word; `secure-delete` removes a
 *   deleted or replaced text from the index at once.
 * - PostgreSQL: message_search_docs.vector, a tsvector of plain lexemes (as the `simple` configuration makes: no
 *   stemming, no stop words) over the text cut and folded exactly as SQLite's tokenizer does (pneumatic_search_text,
 *   from the tables in search-folding.ts: no extension and no locale needed), with a GIN index.
 * Existing messages are indexed here, oldest first. System messages (SPEC 10.4) are left out by the `kind` column of
 * migration 1765300000000 (group roles), which runs before this one; where it is absent, every message is a user's.
 */
export class MessageSearch1765500000000 implements MigrationInterface {
  readonly name = 'MessageSearch1765500000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.options.type === 'postgres';
    const hasKind = await runner.hasColumn('messages', 'kind');
    const statements = pg ? postgres(hasKind) : sqlite(hasKind);
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.options.type === 'postgres';
    const statements = pg
      ? [
          'DROP TRIGGER message_search_insert ON messages',
          'DROP TRIGGER message_search_update ON messages',
          'DROP FUNCTION pneumatic_search_upkeep()',
          'DROP TABLE message_search_docs',
          'DROP FUNCTION pneumatic_search_vector(text)',
          'DROP FUNCTION pneumatic_search_text(text)',
        ]
      : [
          'DROP TRIGGER message_search_insert',
          'DROP TRIGGER message_search_update',
          'DROP TRIGGER message_search_delete',
          'DROP TABLE message_search',
          'DROP TABLE message_search_docs',
        ];
    for (const statement of statements) await runner.query(statement);
  }
}

function sqlite(hasKind: boolean): string[] {
  const findable = (row: 'NEW' | 'm') => `${row}.deleted_at IS NULL${hasKind ? ` AND ${row}.kind IS NOT 'system'` : ''}`;
  const docOf = (row: 'NEW' | 'OLD') => `(SELECT doc_id FROM message_search_docs WHERE message_id = ${row}.id)`;
  return [
    `CREATE TABLE message_search_docs (
      doc_id INTEGER PRIMARY KEY,
      message_id varchar(36) NOT NULL,
      conversation_id varchar(36) NOT NULL,
      sender_id varchar(36) NOT NULL,
      created_at datetime NOT NULL
    )`,
    'CREATE UNIQUE INDEX message_search_docs_message_key ON message_search_docs (message_id)',
    'CREATE INDEX message_search_docs_conversation_idx ON message_search_docs (conversation_id, doc_id)',
    'CREATE INDEX message_search_docs_sender_idx ON message_search_docs (sender_id, doc_id)',
    `CREATE VIRTUAL TABLE message_search USING fts5(
      content, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
    )`,
    "INSERT INTO message_search (message_search, rank) VALUES ('secure-delete', 1)",
    `INSERT INTO message_search_docs (message_id, conversation_id, sender_id, created_at)
     SELECT m.id, m.conversation_id, m.sender_id, m.created_at FROM messages m WHERE ${findable('m')}
     ORDER BY m.created_at, m.conversation_id, m.seq`,
    `INSERT INTO message_search (rowid, content)
     SELECT d.doc_id, m.content FROM message_search_docs d JOIN messages m ON m.id = d.message_id`,
    `CREATE TRIGGER message_search_insert AFTER INSERT ON messages WHEN ${findable('NEW')}
     BEGIN
       INSERT INTO message_search_docs (message_id, conversation_id, sender_id, created_at)
       VALUES (NEW.id, NEW.conversation_id, NEW.sender_id, NEW.created_at);
       INSERT INTO message_search (rowid, content) VALUES (${docOf('NEW')}, NEW.content);
     END`,
    // An edit replaces the indexed text (the old one is gone from the index); a deletion removes the message.
    `CREATE TRIGGER message_search_update AFTER UPDATE OF content, deleted_at ON messages
     WHEN OLD.content IS NOT NEW.content OR OLD.deleted_at IS NOT NEW.deleted_at
     BEGIN
       DELETE FROM message_search WHERE rowid = ${docOf('OLD')};
       DELETE FROM message_search_docs WHERE message_id = OLD.id AND NEW.deleted_at IS NOT NULL;
       INSERT INTO message_search (rowid, content)
       SELECT doc_id, NEW.content FROM message_search_docs WHERE message_id = NEW.id AND NEW.deleted_at IS NULL;
     END`,
    `CREATE TRIGGER message_search_delete AFTER DELETE ON messages
     BEGIN
       DELETE FROM message_search WHERE rowid = ${docOf('OLD')};
       DELETE FROM message_search_docs WHERE message_id = OLD.id;
     END`,
  ];
}

function postgres(hasKind: boolean): string[] {
  const findable = (row: 'NEW' | 'm') => `${row}.deleted_at IS NULL${hasKind ? ` AND ${row}.kind IS DISTINCT FROM 'system'` : ''}`;
  return [
    `CREATE FUNCTION pneumatic_search_text(content text) RETURNS text
     LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
     AS $body$ SELECT regexp_replace(
       CASE WHEN content ~ '[^\\x01-\\x7f]' THEN translate(content, '${UPPER}${FOLD_FROM}', '${LOWER}${FOLD_TO}')
            ELSE translate(content, '${UPPER}', '${LOWER}') END,
       '${separatorClass()}+', ' ', 'g') $body$`,
    // The words with their places, as a tsvector of plain lexemes (what the `simple` configuration makes, without its
    // parser, which cuts some words differently: e-mail addresses, numbers like 3.14, letters it does not know).
    // PostgreSQL keeps words shorter than 2 KiB and places up to 16383.
    `CREATE FUNCTION pneumatic_search_vector(content text) RETURNS tsvector
     LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
     AS $body$
       SELECT coalesce(string_agg('''' || word || ''':' || least(place, 16383), ' ')::tsvector, ''::tsvector)
       FROM unnest(string_to_array(btrim(pneumatic_search_text(content)), ' ')) WITH ORDINALITY AS words(word, place)
       WHERE word <> '' AND octet_length(word) < 2047
     $body$`,
    `CREATE TABLE message_search_docs (
      doc_id bigserial PRIMARY KEY,
      message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
      conversation_id uuid NOT NULL,
      sender_id uuid NOT NULL,
      created_at timestamptz(3) NOT NULL,
      vector tsvector NOT NULL
    )`,
    'CREATE UNIQUE INDEX message_search_docs_message_key ON message_search_docs (message_id)',
    'CREATE INDEX message_search_docs_conversation_idx ON message_search_docs (conversation_id, doc_id)',
    'CREATE INDEX message_search_docs_sender_idx ON message_search_docs (sender_id, doc_id)',
    'CREATE INDEX message_search_docs_vector_idx ON message_search_docs USING gin (vector)',
    `INSERT INTO message_search_docs (message_id, conversation_id, sender_id, created_at, vector)
     SELECT m.id, m.conversation_id, m.sender_id, m.created_at, pneumatic_search_vector(m.content)
     FROM messages m WHERE ${findable('m')} ORDER BY m.created_at, m.conversation_id, m.seq`,
    `CREATE FUNCTION pneumatic_search_upkeep() RETURNS trigger LANGUAGE plpgsql AS $body$
     BEGIN
       IF TG_OP = 'INSERT' THEN
         IF ${findable('NEW')} THEN
           INSERT INTO message_search_docs (message_id, conversation_id, sender_id, created_at, vector)
           VALUES (NEW.id, NEW.conversation_id, NEW.sender_id, NEW.created_at, pneumatic_search_vector(NEW.content));
         END IF;
       ELSIF NEW.deleted_at IS NOT NULL THEN
         DELETE FROM message_search_docs WHERE message_id = NEW.id;
       ELSE
         UPDATE message_search_docs SET vector = pneumatic_search_vector(NEW.content) WHERE message_id = NEW.id;
       END IF;
       RETURN NULL;
     END
     $body$`,
    'CREATE TRIGGER message_search_insert AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION pneumatic_search_upkeep()',
    `CREATE TRIGGER message_search_update AFTER UPDATE OF content, deleted_at ON messages FOR EACH ROW
     WHEN (OLD.content IS DISTINCT FROM NEW.content OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
     EXECUTE FUNCTION pneumatic_search_upkeep()`,
  ];
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = UPPER.toLowerCase();

/** The separators as a regular-expression bracket of hex escapes (ASCII only, so the SQL text needs no quoting). */
function separatorClass(): string {
  const hex = (c: number) => `\\x${c.toString(16)}`;
  return `[${SEPARATOR_RANGES.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('')}]`;
}
