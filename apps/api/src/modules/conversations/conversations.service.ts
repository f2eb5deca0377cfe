import { Inject, Injectable } from '@nestjs/common';
import { LIMITS, mentionedIds, type Conversation, type MemberPresence } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { NotFoundError, NotMemberError, ValidationFailedError } from '../../core/errors';
import { DomainEvents } from '../../core/events/domain-events';
import { cleanDisplayText } from '../../core/validation/text';
import { PresenceService } from '../presence/presence.service';
import { UsersRepository } from '../users/users.repository';
import type { ConversationEntity } from './conversation.entity';
import { ConversationsRepository, type MemberRow } from './conversations.repository';
import { toConversation } from './dto/conversation.dto';

export interface CreateConversationInput {
  readonly title?: string | null;
  readonly member_ids: readonly string[];
  readonly is_group?: boolean;
}

/** The unique key of a pair's 1-on-1: both ids sorted, so A→B and B→A meet on one row. */
export const directKeyOf = (a: string, b: string): string => [a, b].sort().join(':');

/** How many conversations' member lists one process keeps (the oldest cached is dropped first). */
const MEMBER_CACHE_SIZE = 10_000;

/** Who talks with whom: 1-on-1s (one per pair), groups, and who may see them. */
@Injectable()
export class ConversationsService {
  /**
   * Member lists of recently active conversations, so that a send costs no membership queries. Dropped when
   * members change (forgetMembers, in the same step as the change). Only in a single instance (no REDIS_URL): another
   * instance could change members unseen, so with several instances every lookup reads the database.
   */
  private readonly memberCache: Map<string, readonly string[]> | null;

  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersRepository,
    private readonly events: DomainEvents,
    private readonly presence: PresenceService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.memberCache = config.redisUrl === null ? new Map() : null;
    if (this.memberCache) events.on('conversation.members-added', ({ conversationId }) => this.forgetMembers(conversationId));
  }

  /** Drops the cached member list of a conversation whose members changed: the next lookup reads the database. */
  forgetMembers(conversationId: string): void {
    this.memberCache?.delete(conversationId);
  }

  /** Every member of a conversation, in joining order ([] for none). */
  async membersOf(conversationId: string): Promise<readonly string[]> {
    const cached = this.memberCache?.get(conversationId);
    if (cached) return cached;
    const memberIds = await this.conversations.memberIds(conversationId);
    if (this.memberCache && memberIds.length > 0) {
      if (this.memberCache.size >= MEMBER_CACHE_SIZE) this.memberCache.delete(this.memberCache.keys().next().value as string);
      this.memberCache.set(conversationId, memberIds);
    }
    return memberIds;
  }

  /** Throws 404 for a conversation that does not exist and 403 for one the user is not in. */
  async requireMember(conversationId: string, userId: string): Promise<void> {
    if (this.memberCache?.get(conversationId)?.includes(userId)) return;
    const membership = await this.conversations.membership(conversationId, userId);
    if (membership === 'no-conversation') throw new NotFoundError('Conversation not found');
    if (membership === 'not-member') throw new NotMemberError();
  }

  /** Whether the user is an admin of the conversation (a group's; a 1-on-1 has none). */
  async isAdmin(conversationId: string, userId: string): Promise<boolean> {
    return (await this.conversations.roleOf(conversationId, userId)) === 'admin';
  }

  /** The members a text mentions (SPEC 10.3), each once; a text without `@` (most) costs no query. */
  async mentionedIn(conversationId: string, content: string): Promise<string[]> {
    if (!content.includes('@')) return [];
    return mentionedIds(content, await this.conversations.mentionable(conversationId));
  }

  /** The user's conversations, most recent activity first, with the other members' presence and read markers. */
  async list(userId: string): Promise<Conversation[]> {
    const rows = await this.conversations.listForUser(userId);
    const presence = await this.presenceOf(rows.flatMap((row) => row.members));
    return rows.map((row) => toConversation(row, userId, presence));
  }

  /** One conversation as each of `viewerIds` (its members) sees it: for announcing it to them. */
  async viewsFor(conversationId: string, viewerIds: readonly string[]): Promise<Map<string, Conversation>> {
    const row = viewerIds.length > 0 ? await this.conversations.findForUser(conversationId, viewerIds[0]) : null;
    if (!row) return new Map();
    const presence = await this.presenceOf(row.members);
    return new Map(viewerIds.map((viewerId) => [viewerId, toConversation(row, viewerId, presence)]));
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

  /** The caller's own settings of a conversation (muting); the caller's view afterwards. */
  async updateSettings(userId: string, conversationId: string, settings: { muted: boolean }): Promise<Conversation> {
    await this.requireMember(conversationId, userId);
    await this.conversations.setMuted(conversationId, userId, settings.muted);
    const view = await this.get(userId, conversationId);
    // The user's other devices learn it at once (the other members' views do not change).
    this.events.emit('conversation.updated', { conversationId, views: new Map([[userId, view]]) });
    return view;
  }

  /** The members of a conversation the caller is in (404 / 403 otherwise). */
  async memberIdsFor(callerId: string, conversationId: string): Promise<readonly string[]> {
    const memberIds = await this.membersOf(conversationId);
    if (!memberIds.includes(callerId)) await this.requireMember(conversationId, callerId);
    return memberIds;
  }

  /** Presence of these members; their last seen came with them, so only who is online is asked (of memory or Redis). */
  private presenceOf(members: readonly MemberRow[]): Promise<Map<string, MemberPresence>> {
    const lastSeen = new Map(members.map((member) => [member.userId, member.lastSeenAt]));
    return this.presence.of([...lastSeen.keys()], lastSeen);
  }

  /** Everyone who shares a conversation with the user: whom their presence concerns. */
  contactsOf(userId: string): Promise<string[]> {
    return this.conversations.contactsOf(userId);
  }

  async get(userId: string, conversationId: string): Promise<Conversation> {
    const row = await this.conversations.findForUser(conversationId, userId);
    if (row) return toConversation(row, userId, await this.presenceOf(row.members));
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
      title: input.title ? cleanDisplayText(input.title) : null,
      isGroup: !direct,
      directKey: direct ? directKeyOf(memberIds[0], memberIds[1]) : null,
      lastSeq: 0,
      lastChangeSeq: 0,
      createdAt: now,
      updatedAt: now,
    };
    let id = entity.id;
    let created = true;
    if (direct) ({ id, created } = await this.conversations.findOrCreateDirect(entity, memberIds));
    // The creator of a group is its first admin (SPEC 10.4).
    else await this.conversations.create(entity, memberIds, [callerId]);
    if (created) {
      // Announced before the answer: a device that connects after it never gets a late conversation:new.
      const views = await this.viewsFor(id, memberIds);
      this.events.emit('conversation.members-added', { conversationId: id, userIds: memberIds, views });
    }
    return { conversation: await this.get(callerId, id), created };
  }
}
