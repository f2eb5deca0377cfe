import type { Message, MessageRevision, Reaction, SystemEvent } from '@pneumatic/contracts';
import type { ChangeOutcome, ChangeWork, MessageChangesRepository } from '../../src/modules/messages/message-changes.repository';
import { DuplicateMessageKeyError, type MessageDraft, type MessagesRepository } from '../../src/modules/messages/messages.repository';
import { replyPreviewOf } from '../../src/modules/messages/dto/message.dto';
import type { PublicOf } from '../test-service';
import type { FakeConversationsRepository } from './conversations.repository.fake';

type StoredRevision = MessageRevision & { readonly messageId: string };

/** In-memory messages that take their seq and change_seq from the fake conversations, with the unique sender key. */
export class FakeMessagesRepository implements PublicOf<MessagesRepository> {
  rows: Message[] = [];
  storedRevisions: StoredRevision[] = [];

  constructor(readonly conversations: FakeConversationsRepository) {}

  async findBySenderKey(senderId: string, messageId: string) {
    return this.rows.find((m) => m.sender_id === senderId && m.message_id === messageId) ?? null;
  }

  async findById(id: string) {
    return this.rows.find((m) => m.id === id) ?? null;
  }

  async append(draft: MessageDraft) {
    if (await this.findBySenderKey(draft.senderId, draft.messageId)) throw new DuplicateMessageKeyError(draft.messageId);
    const conversation = this.conversation(draft.conversationId);
    conversation.lastSeq += 1;
    conversation.lastChangeSeq += 1;
    conversation.updatedAt = draft.createdAt;
    const message: Message = {
      id: draft.id,
      message_id: draft.messageId,
      sender_id: draft.senderId,
      conversation_id: draft.conversationId,
      seq: conversation.lastSeq,
      change_seq: conversation.lastChangeSeq,
      content: draft.content,
      created_at: draft.createdAt.toISOString(),
      edited_at: null,
      deleted_at: null,
      attachments: [],
      reactions: [],
      reply_to: draft.replyTo ? replyPreviewOf(draft.replyTo) : null,
      mentions: draft.mentions ? [...draft.mentions] : [],
      kind: 'user',
      system: null,
    };
    this.rows.push(message);
    return message;
  }

  /** The fake has no transactions: a system message is appended like any other, with what it records. */
  async appendIn(_tx: unknown, draft: MessageDraft, system: SystemEvent | null = null) {
    const message = await this.append(draft);
    if (!system) return message;
    const stored: Message = { ...message, kind: 'system', system };
    this.rows[this.rows.indexOf(message)] = stored;
    return stored;
  }

  async page(conversationId: string, options: { limit: number; beforeSeq?: number; afterSeq?: number }) {
    const all = this.rows.filter((m) => m.conversation_id === conversationId).sort((a, b) => a.seq - b.seq);
    const selected =
      options.afterSeq !== undefined
        ? all.filter((m) => m.seq > (options.afterSeq as number)).slice(0, options.limit + 1)
        : all.filter((m) => m.seq < (options.beforeSeq ?? Infinity)).slice(-(options.limit + 1));
    const hasMore = selected.length > options.limit;
    const messages = hasMore ? (options.afterSeq !== undefined ? selected.slice(0, -1) : selected.slice(1)) : selected;
    return { messages, hasMore };
  }

  async changes(conversationId: string, options: { afterChangeSeq: number; upToChangeSeq: number; maxSeq?: number; limit: number }) {
    const changed = this.rows
      .filter((m) => m.conversation_id === conversationId && m.change_seq > options.afterChangeSeq && m.change_seq <= options.upToChangeSeq)
      .filter((m) => m.seq <= (options.maxSeq ?? Infinity))
      .sort((a, b) => a.change_seq - b.change_seq);
    return { messages: changed.slice(0, options.limit), hasMore: changed.length > options.limit };
  }

  async lastChangeSeq(conversationId: string) {
    return this.conversations.conversations.get(conversationId)?.lastChangeSeq ?? 0;
  }

  async revisions(messageId: string) {
    return this.storedRevisions.filter((r) => r.messageId === messageId).map(({ content, edited_at }) => ({ content, edited_at }));
  }

  conversation(id: string) {
    const conversation = this.conversations.conversations.get(id);
    if (!conversation) throw new Error('no conversation');
    return conversation;
  }
}

/** Changes to the fake messages, one at a time like the real transaction: decide, take the next change_seq, write. */
export class FakeMessageChangesRepository implements PublicOf<MessageChangesRepository> {
  constructor(private readonly messages: FakeMessagesRepository) {}

  async change(messageId: string, decide: (current: Message) => ChangeWork | null): Promise<ChangeOutcome | null> {
    const current = await this.messages.findById(messageId);
    if (!current) return null;
    const work = decide(current);
    if (!work) return { message: current, changed: false };
    const conversation = this.messages.conversation(current.conversation_id);
    const changeSeq = conversation.lastChangeSeq + 1;
    await work(undefined as never, changeSeq);
    conversation.lastChangeSeq = changeSeq;
    this.replace(messageId, { change_seq: changeSeq });
    return { message: (await this.messages.findById(messageId)) as Message, changed: true };
  }

  edit(current: Message, content: string, mentions: readonly string[], editedAt: Date): ChangeWork {
    return async () => {
      this.messages.storedRevisions.push({ messageId: current.id, content: current.content, edited_at: editedAt.toISOString() });
      this.replace(current.id, { content, edited_at: editedAt.toISOString(), mentions: [...mentions] });
    };
  }

  delete(current: Message, deletedAt: Date): ChangeWork {
    return async () => {
      this.messages.storedRevisions = this.messages.storedRevisions.filter((r) => r.messageId !== current.id);
      this.replace(current.id, { content: '', edited_at: null, deleted_at: deletedAt.toISOString(), reactions: [], mentions: [] });
    };
  }

  react(current: Message, reactions: readonly Reaction[]): ChangeWork {
    return async () => this.replace(current.id, { reactions });
  }

  private replace(id: string, fields: Partial<Message>): void {
    this.messages.rows = this.messages.rows.map((m) => (m.id === id ? { ...m, ...fields } : m));
  }
}
