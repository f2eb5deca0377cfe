import { Injectable } from '@nestjs/common';
import { LIMITS, type Conversation } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import { NotFoundError, NotMemberError, ValidationFailedError } from '../../core/errors';
import { DomainEvents } from '../../core/events/domain-events';
import { cleanDisplayText } from '../../core/validation/text';
import { PresenceService } from '../presence/presence.service';
import { UsersRepository } from '../users/users.repository';
import type { ConversationEntity } from './conversation.entity';
import { ConversationsRepository } from './conversations.repository';
import { toConversation } from './dto/conversation.dto';

export interface CreateConversationInput {
  readonly title?: string | null;
  readonly member_ids: readonly string[];
  readonly is_group?: boolean;
}

/** The unique key of a pair's 1-on-1: both ids sorted, so A→B and B→A meet on one row. */
export const directKeyOf = (a: string, b: string): string => [a, b].sort().join(':');

/** Who talks with whom: 1-on-1s (one per pair), groups, and who may see them. */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersRepository,
    private readonly events: DomainEvents,
    private readonly presence: PresenceService,
  ) {}

  /** Throws 404 for a conversation that does not exist and 403 for one the user is not in. */
  async requireMember(conversationId: string, userId: string): Promise<void> {
    const membership = await this.conversations.membership(conversationId, userId);
    if (membership === 'no-conversation') throw new NotFoundError('Conversation not found');
    if (membership === 'not-member') throw new NotMemberError();
  }

  /** The user's conversations, most recent activity first, with the presence of the other members. */
  async list(userId: string): Promise<Conversation[]> {
    const [rows, lastSeen] = await Promise.all([this.conversations.listForUser(userId), this.conversations.lastSeenOfContacts(userId)]);
    const presence = await this.presence.of([...lastSeen.keys()], lastSeen);
    return rows.map((row) => ({
      ...toConversation(row),
      presence: row.members.filter((id) => id !== userId).flatMap((id) => presence.get(id) ?? []),
    }));
  }

  /**
   * Moves the caller's read marker forward (never back, never past the newest message) and tells
   * every device of every member when it moved. Returns the caller's view afterwards.
   */
  async markRead(userId: string, conversationId: string, seq: number): Promise<Conversation> {
    await this.requireMember(conversationId, userId);
    const marker = await this.conversations.advanceReadMarker(conversationId, userId, seq);
    if (marker.moved) {
      const memberIds = await this.conversations.memberIds(conversationId);
      this.events.emit('conversation.read', { conversationId, userId, seq: marker.seq, memberIds });
    }
    return this.get(userId, conversationId);
  }

  /** The members of a conversation the caller is in (404 / 403 otherwise). */
  async memberIdsFor(callerId: string, conversationId: string): Promise<string[]> {
    const memberIds = await this.conversations.memberIds(conversationId);
    if (!memberIds.includes(callerId)) await this.requireMember(conversationId, callerId);
    return memberIds;
  }

  /** Everyone who shares a conversation with the user: whom their presence concerns. */
  contactsOf(userId: string): Promise<string[]> {
    return this.conversations.contactsOf(userId);
  }

  async get(userId: string, conversationId: string): Promise<Conversation> {
    const row = await this.conversations.findForUser(conversationId, userId);
    if (row) return toConversation(row);
    await this.requireMember(conversationId, userId);
    throw new NotFoundError('Conversation not found');
  }

  /**
   * Two members in all and no `is_group`: the pair's 1-on-1, existing or new (`created` tells).
   * Anything else: a new group. Unknown members are refused before anything is written.
   */
  async create(callerId: string, input: CreateConversationInput): Promise<{ conversation: Conversation; created: boolean }> {
    const others = [...new Set(input.member_ids)].filter((id) => id !== callerId);
    const memberIds = [callerId, ...others];
    if (memberIds.length > LIMITS.groupMembersMax) {
      throw new ValidationFailedError([{ field: 'member_ids', message: `a conversation has at most ${LIMITS.groupMembersMax} members` }]);
    }
    const known = await this.users.existingIds(others);
    const unknown = others.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new ValidationFailedError([{ field: 'member_ids', message: `unknown user ids: ${unknown.join(', ')}` }]);
    }
    const direct = input.is_group !== true && memberIds.length === 2;
    if (input.is_group === false && !direct) {
      throw new ValidationFailedError([{ field: 'is_group', message: 'a 1-on-1 has exactly one other member' }]);
    }

    const now = new Date();
    const entity: ConversationEntity = {
      id: randomUUID(),
      title: direct || !input.title ? null : cleanDisplayText(input.title),
      isGroup: !direct,
      directKey: direct ? directKeyOf(memberIds[0], memberIds[1]) : null,
      lastSeq: 0,
      createdAt: now,
      updatedAt: now,
    };
    let id = entity.id;
    let created = true;
    if (direct) ({ id, created } = await this.conversations.findOrCreateDirect(entity, memberIds));
    else await this.conversations.create(entity, memberIds);
    if (created) this.events.emit('conversation.members-added', { conversationId: id, userIds: memberIds });
    return { conversation: await this.get(callerId, id), created };
  }
}
