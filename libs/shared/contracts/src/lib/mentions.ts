/** A member of a conversation as a mention names them. */
export interface Mentionable {
  readonly id: string;
  /** Canonical (lower-case) username. */
  readonly username: string;
}

/** One `@username` in a text: the UTF-16 range of `@` and the name. */
export interface MentionMatch {
  readonly user_id: string;
  readonly start: number;
  readonly end: number;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The member an `@` at `at` names (SPEC 10.3): the longest username of a member that matches right after it,
 * case-insensitively, and is not followed by a letter or digit — "@Bob." names bob, "@bobby" names bobby only if
 * bobby is a member. Null when the character at `at` is not `@` or no member matches.
 */
export function mentionAt(text: string, at: number, members: readonly Mentionable[]): MentionMatch | null {
  if (text.charCodeAt(at) !== 0x40) return null;
  let best: Mentionable | null = null;
  for (const member of members) {
    const name = member.username;
    if (best && name.length <= best.username.length) continue;
    const end = at + 1 + name.length;
    if (end > text.length || text.slice(at + 1, end).toLowerCase() !== name.toLowerCase()) continue;
    const next = text.codePointAt(end);
    if (next !== undefined && LETTER_OR_DIGIT.test(String.fromCodePoint(next))) continue;
    best = member;
  }
  return best ? { user_id: best.id, start: at, end: at + 1 + best.username.length } : null;
}

/** Every mention in a text, in order (a member named twice appears twice). */
export function findMentions(text: string, members: readonly Mentionable[]): MentionMatch[] {
  const found: MentionMatch[] = [];
  if (members.length === 0) return found;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    const match = mentionAt(text, at, members);
    if (!match) continue;
    found.push(match);
    at = match.end - 1;
  }
  return found;
}

/** The ids of the members a text mentions, each once, in the order first mentioned: a Message's `mentions`. */
export function mentionedIds(text: string, members: readonly Mentionable[]): string[] {
  return [...new Set(findMentions(text, members).map((match) => match.user_id))];
}

/** The ids in `now` that are not in `before`: whom an edit newly mentions (only they are told). */
export function newlyMentioned(before: readonly string[], now: readonly string[]): string[] {
  return now.filter((id) => !before.includes(id));
}
