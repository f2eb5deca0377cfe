import type { MemberRole, SystemEvent } from '@pneumatic/contracts';
import type { GroupRecord } from './groups.repository';

/** How many names a sentence lists before it says "and N others" (it must stay a short line). */
const NAMES_LISTED = 10;

type Names = ReadonlyMap<string, string>;

/** The system messages of a group, each a plain English sentence ("alice added bob") and the change it records. */
export const systemRecords = {
  added: (names: Names, actorId: string, userIds: readonly string[]): GroupRecord =>
    record(
      { type: 'member_added', actor_id: actorId, user_ids: userIds, title: null },
      `${nameOf(names, actorId)} added ${listOf(names, userIds)}`,
    ),

  removed: (names: Names, actorId: string, userId: string): GroupRecord =>
    record(
      { type: 'member_removed', actor_id: actorId, user_ids: [userId], title: null },
      `${nameOf(names, actorId)} removed ${nameOf(names, userId)}`,
    ),

  left: (names: Names, userId: string): GroupRecord =>
    record({ type: 'member_left', actor_id: userId, user_ids: [userId], title: null }, `${nameOf(names, userId)} left`),

  roleChanged: (names: Names, actorId: string, userId: string, role: MemberRole): GroupRecord =>
    record({ type: 'role_changed', actor_id: actorId, user_ids: [userId], title: null }, roleSentence(names, actorId, userId, role)),

  /** The longest-standing member made an admin because the last admin left (`leaverId` is the actor). */
  succeeded: (names: Names, leaverId: string, heirId: string): GroupRecord =>
    record({ type: 'role_changed', actor_id: leaverId, user_ids: [heirId], title: null }, `${nameOf(names, heirId)} is now an admin`),

  renamed: (names: Names, actorId: string, title: string | null): GroupRecord =>
    record(
      { type: 'renamed', actor_id: actorId, user_ids: [], title },
      title === null ? `${nameOf(names, actorId)} removed the group name` : `${nameOf(names, actorId)} renamed the group to “${title}”`,
    ),
};

function record(event: SystemEvent, content: string): GroupRecord {
  return { event, content };
}

function roleSentence(names: Names, actorId: string, userId: string, role: MemberRole): string {
  const actor = nameOf(names, actorId);
  if (role === 'admin') return `${actor} made ${nameOf(names, userId)} an admin`;
  return actorId === userId ? `${actor} is no longer an admin` : `${actor} removed ${nameOf(names, userId)} as an admin`;
}

/** "bob", "bob and carol", "bob, carol and dave", "bob, carol, … and 12 others". */
export function listOf(names: Names, userIds: readonly string[]): string {
  const listed = userIds.slice(0, userIds.length > NAMES_LISTED ? NAMES_LISTED - 1 : NAMES_LISTED).map((id) => nameOf(names, id));
  const others = userIds.length - listed.length;
  if (others > 0) return `${listed.join(', ')} and ${others} others`;
  if (listed.length === 1) return listed[0];
  return `${listed.slice(0, -1).join(', ')} and ${listed[listed.length - 1]}`;
}

function nameOf(names: Names, userId: string): string {
  return names.get(userId) ?? 'someone';
}
