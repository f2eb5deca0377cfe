import { Injectable } from '@nestjs/common';
import type { MemberRole, Message, SystemEvent } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../../core/errors';
import { Database, toBool, toInt } from '../../database/database.service';
import { ConversationMemberEntity } from '../conversations/conversation.entity';
import type { GroupChange } from '../messages/message-feed';
import { MessagesRepository } from '../messages/messages.repository';

export interface GroupMember {
  readonly userId: string;
  readonly role: MemberRole;
}

/** A conversation as a change to it finds it, inside the change's transaction. */
export interface GroupState {
  readonly id: string;
  readonly isGroup: boolean;
  readonly title: string | null;
  /** Longest-standing first. */
  readonly members: readonly GroupMember[];
  /** Usernames of the members and of the users the change names; a named user missing here does not exist. */
  readonly usernames: ReadonlyMap<string, string>;
}

/** A system message to append: what it records and its sentence. */
export interface GroupRecord {
  readonly event: SystemEvent;
  readonly content: string;
}

/** What a change writes; `records` become the system messages, in this order. */
export interface GroupPlan {
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
  readonly roles?: readonly { readonly userId: string; readonly role: MemberRole }[];
  readonly title?: { readonly value: string | null };
  readonly records: readonly GroupRecord[];
}

/**
 * The only code that changes who is in a group, their roles and its title (SPEC 10.4). Each change is ONE transaction
 * that holds the conversation row (the lock every send of the conversation also takes), lets the caller decide from the
 * state it finds, writes the change and appends the system messages that record it — so two admins removing each
 * other, or adds racing past the member limit, are decided one after the other on what the first one left.
 */
@Injectable()
export class GroupsRepository {
  constructor(
    private readonly database: Database,
    private readonly messages: MessagesRepository,
  ) {}

  /**
   * `decide` sees the conversation as it is now and returns the plan, or null to leave it as it is; it may throw to
   * refuse, and then nothing is written. `namedIds` are the users the change is about (their usernames are looked up).
   */
  change(
    conversationId: string,
    namedIds: readonly string[],
    decide: (state: GroupState) => GroupPlan | null,
  ): Promise<GroupChange | null> {
    return this.database.write(async (tx) => {
      const state = await this.state(tx, conversationId, namedIds);
      const plan = decide(state);
      if (!plan) return null;
      const now = new Date();
      const lastSeq = await this.lastSeq(tx, conversationId);
      if (plan.add?.length) {
        // Added members start with everything before the change read: the system message saying so is their one unread.
        const rows: ConversationMemberEntity[] = plan.add.map((userId) => ({
          conversationId,
          userId,
          joinedAt: now,
          lastReadSeq: lastSeq,
          role: 'member',
          muted: false,
        }));
        await tx.getRepository(ConversationMemberEntity).insert(rows);
      }
      for (const userId of plan.remove ?? []) {
        await this.database.query(
          'DELETE FROM conversation_members WHERE conversation_id = $1 AND user_id = $2',
          [conversationId, userId],
          tx,
        );
      }
      for (const { userId, role } of plan.roles ?? []) {
        await this.database.query(
          'UPDATE conversation_members SET role = $3 WHERE conversation_id = $1 AND user_id = $2',
          [conversationId, userId, role],
          tx,
        );
      }
      if (plan.title)
        await this.database.query('UPDATE conversations SET title = $2 WHERE id = $1', [conversationId, plan.title.value], tx);
      const messages: Message[] = [];
      for (const record of plan.records) {
        const draft = {
          id: randomUUID(),
          messageId: `system:${randomUUID()}`,
          senderId: record.event.actor_id,
          conversationId,
          content: record.content,
          createdAt: now,
        };
        messages.push(await this.messages.appendIn(tx, draft, record.event));
      }
      return { messages, addedIds: plan.add ?? [], removedIds: plan.remove ?? [] };
    });
  }

  private async state(tx: EntityManager, conversationId: string, namedIds: readonly string[]): Promise<GroupState> {
    const forUpdate = this.database.kind === 'postgres' ? ' FOR UPDATE' : '';
    const [conversation] = await this.database.query<{ id: string; title: string | null; is_group: unknown }>(
      `SELECT id, title, is_group FROM conversations WHERE id = $1${forUpdate}`,
      [conversationId],
      tx,
    );
    if (!conversation) throw new NotFoundError('Conversation not found');
    const members = await this.database.query<{ user_id: string; role: string }>(
      'SELECT user_id, role FROM conversation_members WHERE conversation_id = $1 ORDER BY joined_at, user_id',
      [conversationId],
      tx,
    );
    const ids = [...new Set([...members.map((member) => member.user_id), ...namedIds])];
    const placeholders = ids.map((_, i) => `$${i + 1}`).join(', ');
    const users =
      ids.length === 0
        ? []
        : await this.database.query<{ id: string; username: string }>(
            `SELECT id, username FROM users WHERE id IN (${placeholders})`,
            ids,
            tx,
          );
    return {
      id: conversation.id,
      title: conversation.title ?? null,
      isGroup: toBool(conversation.is_group),
      members: members.map((member) => ({ userId: member.user_id, role: member.role === 'admin' ? 'admin' : 'member' })),
      usernames: new Map(users.map((user) => [user.id, user.username])),
    };
  }

  private async lastSeq(tx: EntityManager, conversationId: string): Promise<number> {
    const [row] = await this.database.query<{ last_seq: unknown }>(
      'SELECT last_seq FROM conversations WHERE id = $1',
      [conversationId],
      tx,
    );
    return toInt(row?.last_seq ?? 0);
  }
}
