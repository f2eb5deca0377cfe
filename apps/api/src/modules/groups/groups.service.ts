import { Injectable } from '@nestjs/common';
import { LIMITS, type Conversation, type MemberRole } from '@pneumatic/contracts';
import { ConflictError, ForbiddenError, NotFoundError, NotMemberError, ValidationFailedError } from '../../core/errors';
import { cleanDisplayText } from '../../core/validation/text';
import { ConversationsService } from '../conversations/conversations.service';
import { MessageFeed } from '../messages/message-feed';
import { GroupPlan, GroupsRepository, GroupState } from './groups.repository';
import { systemRecords } from './system-messages';

/**
 * Groups that people manage (SPEC 10.4): admins add and remove members, change roles and rename; anyone leaves.
 * Every rule is checked inside the change's transaction on the state it finds there, so a race is decided by the
 * database, never by what a request saw a moment before. Each change is recorded by system messages.
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly groups: GroupsRepository,
    private readonly conversations: ConversationsService,
    private readonly feed: MessageFeed,
  ) {}

  /** Adds users (those already in are ignored); unknown users and going past the member limit are 400. */
  async addMembers(callerId: string, conversationId: string, userIds: readonly string[]): Promise<Conversation> {
    const wanted = [...new Set(userIds)];
    await this.change(callerId, conversationId, wanted, (group) => {
      requireAdmin(group, callerId, 'add members');
      const unknown = wanted.filter((id) => !group.usernames.has(id));
      if (unknown.length > 0) throw invalid('user_ids', `unknown user ids: ${unknown.join(', ')}`);
      const fresh = wanted.filter((id) => !memberOf(group, id));
      if (fresh.length === 0) return null;
      if (group.members.length + fresh.length > LIMITS.groupMembersMax) {
        throw invalid(
          'user_ids',
          `a conversation has at most ${LIMITS.groupMembersMax} members; it has ${group.members.length}, and ${fresh.length} would join`,
        );
      }
      return { add: fresh, records: [systemRecords.added(group.usernames, callerId, fresh)] };
    });
    return this.conversations.get(callerId, conversationId);
  }

  /**
   * An admin removes anyone; anyone removes themself (leaving). When the last admin leaves, the longest-standing
   * member left becomes an admin.
   */
  async removeMember(callerId: string, conversationId: string, userId: string): Promise<void> {
    const leaving = userId === callerId;
    await this.change(callerId, conversationId, [userId], (group) => {
      if (!leaving) requireAdmin(group, callerId, 'remove members');
      else requireGroup(group);
      if (!memberOf(group, userId)) throw notInGroup();
      const record = leaving ? systemRecords.left(group.usernames, userId) : systemRecords.removed(group.usernames, callerId, userId);
      const remaining = group.members.filter((member) => member.userId !== userId);
      const heir = remaining.length > 0 && !remaining.some((member) => member.role === 'admin') ? remaining[0] : null;
      if (!heir) return { remove: [userId], records: [record] };
      return {
        remove: [userId],
        roles: [{ userId: heir.userId, role: 'admin' }],
        records: [record, systemRecords.succeeded(group.usernames, callerId, heir.userId)],
      };
    });
  }

  /** Makes a member an admin or a member again; the last admin cannot demote themself (409). */
  async setRole(callerId: string, conversationId: string, userId: string, role: MemberRole): Promise<Conversation> {
    await this.change(callerId, conversationId, [userId], (group) => {
      requireAdmin(group, callerId, 'change roles');
      const target = memberOf(group, userId);
      if (!target) throw notInGroup();
      if (target.role === role) return null;
      const admins = group.members.filter((member) => member.role === 'admin');
      if (role === 'member' && userId === callerId && admins.length === 1) {
        throw new ConflictError('You are the only admin of this group: make someone else an admin first');
      }
      return { roles: [{ userId, role }], records: [systemRecords.roleChanged(group.usernames, callerId, userId, role)] };
    });
    return this.conversations.get(callerId, conversationId);
  }

  /** Renames a group (null or blank clears its title); the same title changes nothing. */
  async rename(callerId: string, conversationId: string, title: string | null): Promise<Conversation> {
    const value = title === null ? null : cleanDisplayText(title);
    await this.change(callerId, conversationId, [], (group) => {
      requireAdmin(group, callerId, 'rename it');
      if (group.title === value) return null;
      return { title: { value }, records: [systemRecords.renamed(group.usernames, callerId, value)] };
    });
    return this.conversations.get(callerId, conversationId);
  }

  /** 404 / 403 before anything else (the caller's own membership, as on every route), then the change on the feed. */
  private async change(
    callerId: string,
    conversationId: string,
    namedIds: readonly string[],
    decide: (group: GroupState) => GroupPlan | null,
  ) {
    await this.conversations.requireMember(conversationId, callerId);
    return this.feed.changeConversation(conversationId, () =>
      this.groups.change(conversationId, namedIds, (group) => {
        if (!memberOf(group, callerId)) throw new NotMemberError();
        return decide(group);
      }),
    );
  }
}

function memberOf(group: GroupState, userId: string) {
  return group.members.find((member) => member.userId === userId);
}

/** A 1-on-1 never changes (400): checked before the admin rule, since a 1-on-1 has no admins. */
function requireGroup(group: GroupState): void {
  if (!group.isGroup) throw invalid('id', 'a 1-on-1 never changes its members or title; create a group instead');
}

function requireAdmin(group: GroupState, callerId: string, action: string): void {
  requireGroup(group);
  if (memberOf(group, callerId)?.role !== 'admin') throw new ForbiddenError(`Only an admin of the group can ${action}`);
}

function notInGroup(): NotFoundError {
  return new NotFoundError('This user is not a member of the conversation');
}

function invalid(field: string, message: string): ValidationFailedError {
  return new ValidationFailedError([{ field, message }]);
}
