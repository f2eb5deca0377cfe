import type { MemberRole } from '@pneumatic/contracts';
import type { ConversationEntity } from '../../src/modules/conversations/conversation.entity';
import type { ConversationRow, ConversationsRepository, Membership } from '../../src/modules/conversations/conversations.repository';
import type { PublicOf } from '../test-service';

/** In-memory conversations and members, with the unique direct_key of the real table. */
export class FakeConversationsRepository implements PublicOf<ConversationsRepository> {
  readonly conversations = new Map<string, ConversationEntity>();
  readonly members = new Map<string, { userId: string; lastReadSeq: number; role: MemberRole; muted: boolean }[]>();
  /** Usernames of the users a test names, for mentions. */
  readonly usernames = new Map<string, string>();

  async mentionable(conversationId: string) {
    return (this.members.get(conversationId) ?? []).flatMap((m) => {
      const username = this.usernames.get(m.userId);
      return username ? [{ id: m.userId, username }] : [];
    });
  }

  async membership(conversationId: string, userId: string): Promise<Membership> {
    if (!this.conversations.has(conversationId)) return 'no-conversation';
    return this.members.get(conversationId)?.some((m) => m.userId === userId) ? 'member' : 'not-member';
  }

  async roleOf(conversationId: string, userId: string) {
    return this.members.get(conversationId)?.find((m) => m.userId === userId)?.role ?? null;
  }

  async memberIds(conversationId: string) {
    return (this.members.get(conversationId) ?? []).map((m) => m.userId);
  }

  async listForUser(userId: string) {
    const rows = [...this.conversations.keys()].map((id) => this.rowFor(id, userId)).filter((row): row is ConversationRow => row !== null);
    return rows.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  }

  async findForUser(conversationId: string, userId: string) {
    return this.rowFor(conversationId, userId);
  }

  async contactsOf(userId: string) {
    const contacts = new Set<string>();
    for (const members of this.members.values()) {
      if (members.some((m) => m.userId === userId)) for (const m of members) if (m.userId !== userId) contacts.add(m.userId);
    }
    return [...contacts];
  }

  async setMuted(conversationId: string, userId: string, muted: boolean) {
    const member = this.members.get(conversationId)?.find((m) => m.userId === userId);
    if (member) member.muted = muted;
  }

  async advanceReadMarker(conversationId: string, userId: string, seq: number) {
    const member = this.members.get(conversationId)?.find((m) => m.userId === userId);
    const target = Math.min(seq, this.conversations.get(conversationId)?.lastSeq ?? 0);
    if (!member) return { seq: 0, moved: false };
    if (member.lastReadSeq >= target) return { seq: member.lastReadSeq, moved: false };
    member.lastReadSeq = target;
    return { seq: target, moved: true };
  }

  async create(conversation: ConversationEntity, memberIds: readonly string[], adminIds: readonly string[] = []) {
    if (conversation.directKey && [...this.conversations.values()].some((c) => c.directKey === conversation.directKey)) {
      throw Object.assign(new Error('unique'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    }
    this.conversations.set(conversation.id, { ...conversation });
    this.members.set(
      conversation.id,
      memberIds.map((userId) => ({ userId, lastReadSeq: 0, role: adminIds.includes(userId) ? 'admin' : 'member', muted: false })),
    );
  }

  async findOrCreateDirect(conversation: ConversationEntity, memberIds: readonly string[]) {
    const existing = [...this.conversations.values()].find((c) => c.directKey === conversation.directKey);
    if (existing) return { id: existing.id, created: false };
    await this.create(conversation, memberIds);
    return { id: conversation.id, created: true };
  }

  private rowFor(conversationId: string, userId: string): ConversationRow | null {
    const conversation = this.conversations.get(conversationId);
    const member = this.members.get(conversationId)?.find((m) => m.userId === userId);
    if (!conversation || !member) return null;
    return {
      id: conversation.id,
      title: conversation.title,
      isGroup: conversation.isGroup,
      createdAt: conversation.createdAt,
      updatedAt: conversation.updatedAt,
      lastSeq: conversation.lastSeq,
      lastChangeSeq: conversation.lastChangeSeq,
      lastReadSeq: member.lastReadSeq,
      members: (this.members.get(conversationId) ?? []).map((m) => ({
        userId: m.userId,
        lastReadSeq: m.lastReadSeq,
        role: m.role,
        muted: m.muted,
        unreadMentions: 0,
        lastSeenAt: null,
      })),
      lastMessage: null,
    };
  }
}
