import { isDatabaseUnavailable } from '../../core/errors/database-errors';
import { toInt, type Database } from '../../database/database.service';
import { GroupCommitQueue, type BatchResult } from '../../database/group-commit-queue';
import type { Statement } from '../../database/pg-pipeline';
import { mentionsColumn } from './message-mentions';
import type { MessageDraft } from './messages.repository';

/** What PostgreSQL's group commit made of one send. */
export type BatchedAppend =
  | { readonly kind: 'stored'; readonly seq: number; readonly changeSeq: number }
  | { readonly kind: 'not-member' | 'duplicate' | 'attachments-taken' };

/**
 * Every column a send writes except its counters, with the type of the array it comes in: the batch's `unnest`. The
 * same names as INSERT_COLUMNS (checked when the batch is built), so that a new column cannot be forgotten here.
 */
const DRAFT_COLUMNS: readonly (readonly [string, string, (draft: MessageDraft) => unknown])[] = [
  ['id', 'uuid', (draft) => draft.id],
  ['message_id', 'text', (draft) => draft.messageId],
  ['sender_id', 'uuid', (draft) => draft.senderId],
  ['conversation_id', 'uuid', (draft) => draft.conversationId],
  ['content', 'text', (draft) => draft.content],
  ['created_at', 'timestamptz', (draft) => draft.createdAt],
  ['reply_to_id', 'uuid', (draft) => draft.replyTo?.id ?? null],
  ['attachments', 'text', (draft) => (draft.attachments?.length ? JSON.stringify(draft.attachments) : null)],
  ['mentions', 'text', (draft) => mentionsColumn(draft.mentions)],
];
const COUNTERS = ['seq', 'change_seq'];

/**
 * A batch refused for a reason that says nothing of the sends in it: the database is away or overloaded. Any other
 * refusal (a key used at the same moment on another instance, a deadlock, a value the column refuses) is judged again
 * send by send, so that it fails only the send it concerns (a reused key as a unique violation, as on SQLite).
 */
const failsTheBatch = (error: unknown): boolean => isDatabaseUnavailable(error) || (error as { code?: unknown })?.code === '57014';

/**
 * Group commit on PostgreSQL: the sends that arrive while the previous batch commits are stored together, in ONE
 * pipelined transaction. It locks the batch's conversations (sorted by id, so two instances' batches never deadlock)
 * and their uploads, then ONE statement — with a fresh snapshot, so it sees every change committed before the locks
 * were granted — checks each send (member, key unused, uploads claimable), numbers those that pass gap-free per
 * conversation, inserts them with one multi-row insert (the search triggers fire per row) and their mention rows,
 * bumps each conversation's counters once, moves the senders' read markers and claims the uploads. A refused send
 * spends no seq and fails alone.
 */
export class PostgresMessageBatch {
  // Two batches at once, on two connections: a batch spends most of its time in the database, whose work (the search
  // index above all) then runs on two cores. A conversation is in one running batch at most, so its seqs follow the
  // order of its sends.
  private readonly queue = new GroupCommitQueue<MessageDraft, BatchedAppend>((drafts) => this.run(drafts), {
    lanes: 2,
    keyOf: (draft) => draft.conversationId,
  });
  private readonly store: string;

  constructor(
    private readonly database: Database,
    insertColumns: string,
  ) {
    const written = insertColumns.split(',').map((column) => column.trim());
    const names = DRAFT_COLUMNS.map(([name]) => name);
    if (written.join() !== [...names.slice(0, 4), ...COUNTERS, ...names.slice(4)].join()) {
      throw new Error(`the batched insert's columns (${names.join()}) do not match INSERT_COLUMNS (${insertColumns})`);
    }
    this.store = storeStatement(insertColumns);
  }

  /** Resolves once the batch holding this send has committed (or failed as a whole). */
  append(draft: MessageDraft): Promise<BatchedAppend> {
    return this.database.inFlightWrite(() => this.queue.submit(draft));
  }

  private async run(drafts: readonly MessageDraft[]): Promise<BatchResult<BatchedAppend>[]> {
    // A key or an upload named twice in one batch: the later send waits for the next batch, where it is judged against
    // the stored outcome of the first (a replay, or uploads taken).
    const keys = new Set<string>();
    const uploads = new Set<string>();
    const waitingConversations = new Set<string>();
    const now: MessageDraft[] = [];
    const plan = drafts.map((draft) => {
      const key = `${draft.senderId} ${draft.messageId}`;
      const ids = draft.attachments?.map((attachment) => attachment.id) ?? [];
      // The sends behind it in its conversation wait too, so that seqs keep the order of the sends.
      if (keys.has(key) || ids.some((id) => uploads.has(id)) || waitingConversations.has(draft.conversationId)) {
        waitingConversations.add(draft.conversationId);
        return 'next' as const;
      }
      keys.add(key);
      for (const id of ids) uploads.add(id);
      now.push(draft);
      return now.length;
    });
    let rows: Record<string, unknown>[];
    try {
      const results = await this.database.pipelinedTransaction(this.statements(now, [...uploads]));
      rows = results[results.length - 1];
    } catch (error) {
      if (failsTheBatch(error) || now.length === 1) throw error;
      // One at a time, in order: each fails or is stored on its own, numbered as it was sent.
      const alone: BatchResult<BatchedAppend>[] = [];
      for (const draft of now)
        alone.push(
          await this.run([draft]).then(
            ([result]) => result,
            (failure: unknown) => ({ failed: failure }),
          ),
        );
      return plan.map((ord) => (ord === 'next' ? 'next' : alone[ord - 1]));
    }
    const byOrd = new Map(rows.map((row) => [toInt(row['ord']), row]));
    return plan.map((ord) => (ord === 'next' ? 'next' : { done: outcomeOf(byOrd.get(ord)) }));
  }

  private statements(drafts: readonly MessageDraft[], uploads: string[]): Statement[] {
    const conversations = [...new Set(drafts.map((draft) => draft.conversationId))].sort();
    const statements: Statement[] = [
      // What an UPDATE would take, in one order for everyone.
      { sql: 'SELECT id FROM conversations WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE', params: [conversations] },
    ];
    if (uploads.length > 0) {
      statements.push({ sql: 'SELECT id FROM attachments WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', params: [uploads.sort()] });
    }
    // The uploads each send takes and the members it mentions, as (id, the send's place in the batch) pairs.
    const takenIds: string[] = [];
    const takenBy: number[] = [];
    const mentionedIds: string[] = [];
    const mentionedBy: number[] = [];
    drafts.forEach((draft, i) => {
      for (const attachment of draft.attachments ?? []) {
        takenIds.push(attachment.id);
        takenBy.push(i + 1);
      }
      for (const userId of draft.mentions ?? []) {
        mentionedIds.push(userId);
        mentionedBy.push(i + 1);
      }
    });
    const columns = DRAFT_COLUMNS.map(([, , valueOf]) => drafts.map(valueOf));
    statements.push({ sql: this.store, params: [...columns, takenIds, takenBy, mentionedIds, mentionedBy] });
    return statements;
  }
}

function outcomeOf(row: Record<string, unknown> | undefined): BatchedAppend {
  if (!row) throw new Error('the batched insert returned no row for a send');
  if (row['seq'] !== null) return { kind: 'stored', seq: toInt(row['seq']), changeSeq: toInt(row['change_seq']) };
  if (!row['member']) return { kind: 'not-member' };
  if (row['duplicate']) return { kind: 'duplicate' };
  return { kind: 'attachments-taken' };
}

function storeStatement(insertColumns: string): string {
  const arrays = DRAFT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const names = DRAFT_COLUMNS.map(([name]) => name).join(', ');
  const taken = DRAFT_COLUMNS.length + 1;
  const mentioned = taken + 2;
  return `WITH draft AS (
      SELECT * FROM unnest(${arrays}) WITH ORDINALITY AS d(${names}, ord)
    ), taken AS (
      SELECT * FROM unnest($${taken}::uuid[], $${taken + 1}::int[]) AS t(attachment_id, ord)
    ), checked AS (
      -- LATERAL … LIMIT 1: one index probe per send, never a hashed scan of a whole table that the planner, misled
      -- by unnest()'s estimate, might prefer.
      SELECT d.*, member.one IS NOT NULL AS member, used.one IS NOT NULL AS duplicate, NOT EXISTS (
          SELECT 1 FROM taken t LEFT JOIN attachments a
            ON a.id = t.attachment_id AND a.uploader_id = d.sender_id AND a.message_id IS NULL AND a.deleted_at IS NULL
          WHERE t.ord = d.ord AND a.id IS NULL
        ) AS claimable
      FROM draft d
      LEFT JOIN LATERAL (
        SELECT 1 AS one FROM conversation_members cm WHERE cm.conversation_id = d.conversation_id AND cm.user_id = d.sender_id LIMIT 1
      ) member ON true
      LEFT JOIN LATERAL (
        SELECT 1 AS one FROM messages x WHERE x.sender_id = d.sender_id AND x.message_id = d.message_id LIMIT 1
      ) used ON true
    ), numbered AS (
      SELECT k.*, c.last_seq + row_number() OVER w AS seq, c.last_change_seq + row_number() OVER w AS change_seq
      FROM checked k JOIN conversations c ON c.id = k.conversation_id
      WHERE k.member AND NOT k.duplicate AND k.claimable
      WINDOW w AS (PARTITION BY k.conversation_id ORDER BY k.ord)
    ), stored AS (
      INSERT INTO messages (${insertColumns}) SELECT ${insertColumns} FROM numbered
    ), counters AS (
      UPDATE conversations c SET last_seq = n.seq, last_change_seq = n.change_seq, updated_at = n.created_at
      FROM (SELECT conversation_id, max(seq) AS seq, max(change_seq) AS change_seq, max(created_at) AS created_at
            FROM numbered GROUP BY conversation_id) n
      WHERE c.id = n.conversation_id
    ), markers AS (
      UPDATE conversation_members m SET last_read_seq = n.seq
      FROM (SELECT conversation_id, sender_id, max(seq) AS seq FROM numbered GROUP BY conversation_id, sender_id) n
      WHERE m.conversation_id = n.conversation_id AND m.user_id = n.sender_id AND m.last_read_seq < n.seq
    ), claims AS (
      UPDATE attachments a SET message_id = n.id, conversation_id = n.conversation_id
      FROM taken t JOIN numbered n ON n.ord = t.ord
      WHERE a.id = t.attachment_id
    ), mentioned AS (
      INSERT INTO message_mentions (message_id, user_id, conversation_id, seq)
      SELECT n.id, t.user_id, n.conversation_id, n.seq
      FROM unnest($${mentioned}::uuid[], $${mentioned + 1}::int[]) AS t(user_id, ord) JOIN numbered n ON n.ord = t.ord
    )
    SELECT k.ord, k.member, k.duplicate, n.seq, n.change_seq FROM checked k LEFT JOIN numbered n ON n.ord = k.ord`;
}
