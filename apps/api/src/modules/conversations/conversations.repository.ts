import { Injectable } from '@nestjs/common';
import type { MemberRole, Mentionable, Message } from '@pneumatic/contracts';
import { LessThan } from 'typeorm';
import { isUniqueViolation } from '../../core/errors';
import { Database, toBool, toDate, toInt } from '../../database/database.service';
import { toMessage } from '../messages/dto/message.dto';
import { ConversationEntity, ConversationMemberEntity } from './conversation.entity';

/** A conversation as one member sees it, with its newest message, before mapping to the wire. */
export interface ConversationRow {
  readonly id: string;
  readonly title: string | null;
  readonly isGroup: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lastSeq: number;
  readonly lastChangeSeq: number;
  readonly lastReadSeq: number;
  /** Every member (the viewer included) with their read marker, in joining order. */
  readonly members: MemberRow[];
  /** In its current state (an edited text, a tombstone). */
  readonly lastMessage: Message | null;
}

export interface MemberRow {
  readonly userId: string;
  readonly lastReadSeq: number;
  readonly role: MemberRole;
  /** This member muted the conversation (SPEC 10.3): it still counts unread messages, and notifies of none. */
  readonly muted: boolean;
  /** Messages after this member's read marker that mention them (a deleted message has no mention rows). */
  readonly unreadMentions: number;
  /** When the member's last device went offline (null: never); presence shows it while they are offline. */
  readonly lastSeenAt: Date | null;
}

type MemberQueryRow = {
  conversation_id: string;
  user_id: string;
  last_read_seq: unknown;
  role: string;
  muted: unknown;
  unread_mentions: unknown;
  last_seen_at: unknown;
};

/**
 * Members with what the list shows of each (read marker, role, muting, last seen), and their unread mentions (one
 * range count of message_mentions: user, conversation, seq): one query for a page, not one per conversation.
 */
const MEMBER_COLUMNS = `cm.conversation_id, cm.user_id, cm.last_read_seq, cm.role, cm.muted, u.last_seen_at,
  (SELECT COUNT(*) FROM message_mentions mm
   WHERE mm.user_id = cm.user_id AND mm.conversation_id = cm.conversation_id AND mm.seq > cm.last_read_seq) AS unread_mentions`;

/** Whether a conversation exists and whether a given user is in it, from one query. */
export type Membership = 'member' | 'not-member' | 'no-conversation';

const VIEW_COLUMNS = `c.id, c.title, c.is_group, c.created_at, c.updated_at, c.last_seq, c.last_change_seq, m.last_read_seq,
  msg.id AS msg_id, msg.message_id AS msg_message_id, msg.sender_id AS msg_sender_id, msg.conversation_id AS msg_conversation_id,
  msg.seq AS msg_seq, msg.change_seq AS msg_change_seq, msg.content AS msg_content, msg.created_at AS msg_created_at,
  msg.edited_at AS msg_edited_at, msg.deleted_at AS msg_deleted_at, msg.reactions AS msg_reactions, msg.reply_to_id AS msg_reply_to_id,
  reply.seq AS msg_reply_seq, reply.sender_id AS msg_reply_sender_id, reply.content AS msg_reply_content,
  reply.deleted_at AS msg_reply_deleted_at, msg.kind AS msg_kind, msg.system AS msg_system, msg.attachments AS msg_attachments,
  msg.mentions AS msg_mentions`;

/** The newest message is the one whose seq is the conversation's last_seq: one unique-index lookup. */
const VIEW_FROM = `conversation_members m
  JOIN conversations c ON c.id = m.conversation_id
  LEFT JOIN messages msg ON msg.conversation_id = c.id AND msg.seq = c.last_seq
  LEFT JOIN messages reply ON reply.id = msg.reply_to_id`;

/** The only code that reads and writes conversations and their members. */
@Injectable()
export class ConversationsRepository {
  constructor(private readonly database: Database) {}

  async membership(conversationId: string, userId: string): Promise<Membership> {
    const [row] = await this.database.query<{ user_id: string | null }>(
      `SELECT m.user_id FROM conversations c
       LEFT JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = $2
       WHERE c.id = $1`,
      [conversationId, userId],
    );
    if (!row) return 'no-conversation';
    return row.user_id ? 'member' : 'not-member';
  }

  /** A member's role, or null for someone not in the conversation. */
  async roleOf(conversationId: string, userId: string): Promise<MemberRole | null> {
    const [row] = await this.database.query<{ role: string }>(
      'SELECT role FROM conversation_members WHERE conversation_id = $1 AND user_id = $2',
      [conversationId, userId],
    );
    if (!row) return null;
    return row.role === 'admin' ? 'admin' : 'member';
  }

  async memberIds(conversationId: string): Promise<string[]> {
    const rows = await this.database.query<{ user_id: string }>(
      'SELECT user_id FROM conversation_members WHERE conversation_id = $1 ORDER BY joined_at, user_id',
      [conversationId],
    );
    return rows.map((row) => row.user_id);
  }

  /** Every conversation of a user, most recent activity first, in two queries whatever their number. */
  async listForUser(userId: string): Promise<ConversationRow[]> {
    const rows = await this.database.query(
      `SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE m.user_id = $1 ORDER BY c.updated_at DESC, c.id`,
      [userId],
    );
    const members = await this.database.query<MemberQueryRow>(
      `SELECT ${MEMBER_COLUMNS} FROM conversation_members mine
       JOIN conversation_members cm ON cm.conversation_id = mine.conversation_id
       JOIN users u ON u.id = cm.user_id
       WHERE mine.user_id = $1
       ORDER BY cm.joined_at, cm.user_id`,
      [userId],
    );
    return this.assemble(rows, members);
  }

  /** One conversation as `userId` sees it, or null when they are not in it. */
  async findForUser(conversationId: string, userId: string): Promise<ConversationRow | null> {
    const rows = await this.database.query(`SELECT ${VIEW_COLUMNS} FROM ${VIEW_FROM} WHERE m.user_id = $1 AND c.id = $2`, [
      userId,
      conversationId,
    ]);
    if (rows.length === 0) return null;
    const members = await this.database.query<MemberQueryRow>(
      `SELECT ${MEMBER_COLUMNS} FROM conversation_members cm JOIN users u ON u.id = cm.user_id
       WHERE cm.conversation_id = $1 ORDER BY cm.joined_at, cm.user_id`,
      [conversationId],
    );
    return this.assemble(rows, members)[0];
  }

  /** Everyone who shares at least one conversation with the user (the user excluded). */
  async contactsOf(userId: string): Promise<string[]> {
    const rows = await this.database.query<{ user_id: string }>(
      `SELECT DISTINCT other.user_id FROM conversation_members mine
       JOIN conversation_members other ON other.conversation_id = mine.conversation_id
       WHERE mine.user_id = $1 AND other.user_id <> $1`,
      [userId],
    );
    return rows.map((row) => row.user_id);
  }

  /**
   * Moves a member's read marker forward to `seq` (never past the newest message, never back).
   * Returns the marker afterwards and whether it moved.
   */
  async advanceReadMarker(conversationId: string, userId: string, seq: number): Promise<{ seq: number; moved: boolean }> {
    return this.database.write(async (tx) => {
      const [conversation] = await this.database.query<{ last_seq: unknown }>(
        'SELECT last_seq FROM conversations WHERE id = $1',
        [conversationId],
        tx,
      );
      const target = Math.min(seq, toInt(conversation?.last_seq ?? 0));
      const result = await tx
        .getRepository(ConversationMemberEntity)
        .update({ conversationId, userId, lastReadSeq: LessThan(target) }, { lastReadSeq: target });
      if ((result.affected ?? 0) > 0) return { seq: target, moved: true };
      const [member] = await this.database.query<{ last_read_seq: unknown }>(
        'SELECT last_read_seq FROM conversation_members WHERE conversation_id = $1 AND user_id = $2',
        [conversationId, userId],
        tx,
      );
      return { seq: toInt(member?.last_read_seq ?? 0), moved: false };
    });
  }

  /** Every member's id and username: whom `@username` can mention. */
  async mentionable(conversationId: string): Promise<Mentionable[]> {
    return this.database.query<Mentionable>(
      'SELECT u.id, u.username FROM conversation_members cm JOIN users u ON u.id = cm.user_id WHERE cm.conversation_id = $1',
      [conversationId],
    );
  }

  /** Mutes or unmutes a conversation for one of its members. */
  async setMuted(conversationId: string, userId: string, muted: boolean): Promise<void> {
    await this.database.query('UPDATE conversation_members SET muted = $3 WHERE conversation_id = $1 AND user_id = $2', [
      conversationId,
      userId,
      muted,
    ]);
  }

  /** Creates a conversation and its members in one transaction; `adminIds` among them are its admins. */
  async create(conversation: ConversationEntity, memberIds: readonly string[], adminIds: readonly string[] = []): Promise<void> {
    await this.database.write(async (tx) => {
      await tx.getRepository(ConversationEntity).insert(conversation);
      const members: ConversationMemberEntity[] = memberIds.map((userId) => ({
        conversationId: conversation.id,
        userId,
        joinedAt: conversation.createdAt,
        lastReadSeq: 0,
        role: adminIds.includes(userId) ? 'admin' : 'member',
        muted: false,
      }));
      await tx.getRepository(ConversationMemberEntity).insert(members);
    });
  }

  /**
   * Creates the 1-on-1 of a pair, or finds it: the unique direct_key decides a race,
   * and the loser returns the winner's id. `created` says which happened.
   */
  async findOrCreateDirect(conversation: ConversationEntity, memberIds: readonly string[]): Promise<{ id: string; created: boolean }> {
    const directKey = conversation.directKey as string;
    const existing = await this.findIdByDirectKey(directKey);
    if (existing) return { id: existing, created: false };
    try {
      await this.create(conversation, memberIds);
      return { id: conversation.id, created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.findIdByDirectKey(directKey);
      if (!winner) throw error;
      return { id: winner, created: false };
    }
  }

  private async findIdByDirectKey(directKey: string): Promise<string | null> {
    const [row] = await this.database.query<{ id: string }>('SELECT id FROM conversations WHERE direct_key = $1', [directKey]);
    return row?.id ?? null;
  }

  private assemble(rows: Record<string, unknown>[], members: MemberQueryRow[]): ConversationRow[] {
    const membersOf = new Map<string, MemberRow[]>();
    for (const member of members) {
      const list = membersOf.get(member.conversation_id) ?? [];
      list.push({
        userId: member.user_id,
        lastReadSeq: toInt(member.last_read_seq),
        role: member.role === 'admin' ? 'admin' : 'member',
        muted: toBool(member.muted),
        unreadMentions: toInt(member.unread_mentions),
        lastSeenAt: member.last_seen_at === null ? null : toDate(member.last_seen_at),
      });
      membersOf.set(member.conversation_id, list);
    }
    return rows.map((row) => ({
      id: row['id'] as string,
      title: (row['title'] as string | null) ?? null,
      isGroup: toBool(row['is_group']),
      createdAt: toDate(row['created_at']),
      updatedAt: toDate(row['updated_at']),
      lastSeq: toInt(row['last_seq']),
      lastChangeSeq: toInt(row['last_change_seq']),
      lastReadSeq: toInt(row['last_read_seq']),
      members: membersOf.get(row['id'] as string) ?? [],
      lastMessage: row['msg_id'] ? toMessage(row, 'msg_') : null,
    }));
  }
}
