import type { Conversation, SearchResult, User } from '@pneumatic/contracts';
import { displayName } from '@pneumatic/web/data-access';
import { highlightParts, type TextPart } from '@pneumatic/web/ui';
import { conversationName } from './chat-view';

/** A search result as the search box lists it. */
export interface SearchHit {
  readonly id: string;
  readonly conversationId: string;
  readonly seq: number;
  readonly sender: string;
  readonly time: string;
  /** The snippet cut at the matched words, to show as text with the words marked. */
  readonly parts: readonly TextPart[];
}

/** The results of one conversation, in the order they came (newest first). */
export interface SearchGroup {
  readonly conversationId: string;
  readonly name: string;
  readonly hits: readonly SearchHit[];
}

/** Groups results by conversation, the conversation of the newest result first, as they came. */
export function groupResults(
  results: readonly SearchResult[],
  conversations: ReadonlyMap<string, Conversation>,
  users: ReadonlyMap<string, User>,
  selfId: string,
): SearchGroup[] {
  const groups = new Map<string, SearchHit[]>();
  for (const { message, snippet, highlights } of results) {
    const hits = groups.get(message.conversation_id) ?? [];
    hits.push({
      id: message.id,
      conversationId: message.conversation_id,
      seq: message.seq,
      sender: message.sender_id === selfId ? 'You' : displayName(users.get(message.sender_id)),
      time: message.created_at,
      parts: highlightParts(snippet, highlights),
    });
    groups.set(message.conversation_id, hits);
  }
  return [...groups].map(([conversationId, hits]) => {
    const conversation = conversations.get(conversationId);
    return { conversationId, name: conversation ? conversationName(conversation, selfId, users) : 'A conversation', hits };
  });
}

/** The `from:` name being typed at the end of the query (`from:al` → `al`), or null when none is. */
export function typedSender(query: string): string | null {
  const match = /(?:^|\s)from:@?(\S*)$/iu.exec(query);
  return match ? match[1] : null;
}

/** The query with the `from:` name being typed replaced by a username, ready for the next word. */
export function withSender(query: string, username: string): string {
  return query.replace(/(^|\s)from:@?\S*$/iu, `$1from:${username} `);
}

/** People whose username or name begins with what is typed, the best known first, at most `limit`. */
export function senderSuggestions(typed: string, people: readonly User[], limit = 6): User[] {
  const prefix = typed.toLowerCase();
  const seen = new Set<string>();
  return people
    .filter((user) => {
      if (seen.has(user.id)) return false;
      seen.add(user.id);
      const names = [user.username, ...(user.full_name ?? '').split(/\s+/)].map((name) => name.toLowerCase());
      return names.some((name) => name.startsWith(prefix));
    })
    .sort((a, b) => a.username.localeCompare(b.username))
    .slice(0, limit);
}
