/**
 * How a message's mentions are stored (SPEC 10.3): the ids as JSON in `messages.mentions` (read with the message),
 * and one `message_mentions` row each with the message's seq (what a member's unread_mentions counts). Both change
 * in the transaction that stores, edits or deletes the message.
 */

/** The `mentions` column: JSON text of the ids, or NULL for none (most messages). */
export function mentionsColumn(mentions: readonly string[] | undefined): string | null {
  return mentions && mentions.length > 0 ? JSON.stringify(mentions) : null;
}

/** One multi-row insert of a message's mention rows, or null for none. */
export function mentionRows(
  messageId: string,
  conversationId: string,
  seq: number,
  mentions: readonly string[] | undefined,
): { sql: string; values: unknown[] } | null {
  if (!mentions || mentions.length === 0) return null;
  const tuples = mentions.map((_, i) => `($1, $${i + 4}, $2, $3)`).join(', ');
  return {
    sql: `INSERT INTO message_mentions (message_id, user_id, conversation_id, seq) VALUES ${tuples}`,
    values: [messageId, conversationId, seq, ...mentions],
  };
}

export const DELETE_MENTION_ROWS = 'DELETE FROM message_mentions WHERE message_id = $1';
