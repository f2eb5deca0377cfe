import { LIMITS, type Reaction } from '@pneumatic/contracts';
import { ConflictError } from '../../core/errors';

/**
 * The reactions of a message once `userId`'s reaction with `emoji` is there (`present`) or not; null when that is
 * already so (both directions are idempotent). A new emoji goes last, so the list keeps the order each emoji was
 * first used; an emoji nobody uses any more leaves it.
 */
export function withReaction(reactions: readonly Reaction[], emoji: string, userId: string, present: boolean): Reaction[] | null {
  const existing = reactions.find((reaction) => reaction.emoji === emoji);
  const has = existing?.user_ids.includes(userId) ?? false;
  if (has === present) return null;
  if (!present) {
    return reactions.flatMap((reaction) => {
      if (reaction !== existing) return [reaction];
      const user_ids = reaction.user_ids.filter((id) => id !== userId);
      return user_ids.length ? [{ emoji, count: user_ids.length, user_ids }] : [];
    });
  }
  if (!existing) {
    if (reactions.length >= LIMITS.reactionsPerMessage) {
      throw new ConflictError(`A message can carry at most ${LIMITS.reactionsPerMessage} different emoji`);
    }
    return [...reactions, { emoji, count: 1, user_ids: [userId] }];
  }
  return reactions.map((reaction) =>
    reaction === existing ? { emoji, count: reaction.count + 1, user_ids: [...reaction.user_ids, userId] } : reaction,
  );
}
