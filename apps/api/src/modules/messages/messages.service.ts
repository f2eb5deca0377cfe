import { Injectable } from '@nestjs/common';
import { LIMITS, type ChangesPage, type Message, type MessagesPage } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, NotMemberError, ValidationFailedError } from '../../core/errors';
import { AttachmentsTakenError } from '../attachments/attachments.repository';
import { AttachmentsService } from '../attachments/attachments.service';
import type { StoredAttachment } from '../attachments/dto/attachment.dto';
import { ConversationsService } from '../conversations/conversations.service';
import { MessageFeed } from './message-feed';
import { DuplicateMessageKeyError, MessagesRepository, SenderNotMemberError } from './messages.repository';

export interface SendInput {
  readonly conversation_id: string;
  readonly message_id: string;
  /** "" (or absent) only with attachments: the DTO enforces it. */
  readonly content?: string;
  /** null and absent alike: not a reply. */
  readonly reply_to_id?: string | null;
  readonly sender_id?: string;
  readonly attachment_ids?: readonly string[];
}

export interface SendResult {
  readonly message: Message;
  /** False for an idempotent replay: the stored message, not stored or announced again. */
  readonly created: boolean;
}

/** Sending and reading messages. REST, Socket.IO and the raw WebSocket all call `send`. */
@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly conversations: ConversationsService,
    private readonly feed: MessageFeed,
    private readonly attachments: AttachmentsService,
  ) {}

  /**
   * Stores a message once per (sender, message_id): a replay with the same conversation and content
   * returns the stored message; the same key with anything else is a 409. Resolves only after commit.
   */
  async send(senderId: string, input: SendInput): Promise<SendResult> {
    const acceptedAt = Date.now();
    if (input.sender_id !== undefined && input.sender_id !== senderId) {
      throw new ForbiddenError('sender_id must match authenticated user');
    }
    await this.conversations.requireMember(input.conversation_id, senderId);
    // No attachments (most sends): no lookup, and the insert writes one more NULL column.
    let attachments: StoredAttachment[] | undefined;
    if (input.attachment_ids && input.attachment_ids.length > 0) {
      try {
        attachments = await this.attachments.sendable(senderId, input.attachment_ids);
      } catch (error) {
        if (!(error instanceof ValidationFailedError)) throw error;
        // A replay names uploads its first send took: answer it as a replay.
        const stored = await this.messages.findBySenderKey(senderId, input.message_id);
        if (!stored) throw error;
        return { message: this.replayOf(stored, input), created: false };
      }
    }
    const replyTo = input.reply_to_id ? await this.originalOf(input.conversation_id, input.reply_to_id) : null;
    const content = input.content ?? '';
    const mentions = await this.conversations.mentionedIn(input.conversation_id, content);
    try {
      const message = await this.feed.append(input.conversation_id, acceptedAt, () =>
        this.messages.append({
          id: randomUUID(),
          messageId: input.message_id,
          senderId,
          conversationId: input.conversation_id,
          content,
          createdAt: new Date(acceptedAt),
          attachments,
          replyTo,
          mentions,
        }),
      );
      return { message, created: true };
    } catch (error) {
      if (error instanceof SenderNotMemberError) throw new NotMemberError();
      if (!(error instanceof DuplicateMessageKeyError || error instanceof AttachmentsTakenError)) throw error;
      // A replay (the key's unique index refused it, spending no seq), or a concurrent one committed first: answer with the stored message.
      const winner = await this.messages.findBySenderKey(senderId, input.message_id);
      if (!winner && error instanceof AttachmentsTakenError) {
        throw new ValidationFailedError([{ field: 'attachment_ids', message: 'an upload was sent in another message meanwhile' }]);
      }
      if (!winner) throw error;
      return { message: this.replayOf(winner, input), created: false };
    }
  }

  async history(
    callerId: string,
    conversationId: string,
    query: { limit?: number; before_seq?: number; after_seq?: number },
  ): Promise<MessagesPage> {
    if (query.before_seq !== undefined && query.after_seq !== undefined) {
      throw new ValidationFailedError([{ field: 'after_seq', message: 'use either before_seq or after_seq, not both' }]);
    }
    await this.conversations.requireMember(conversationId, callerId);
    const page = await this.messages.page(conversationId, {
      limit: query.limit ?? LIMITS.historyPageDefault,
      beforeSeq: query.before_seq,
      afterSeq: query.after_seq,
    });
    return { messages: page.messages, has_more: page.hasMore };
  }

  /**
   * Every message whose change_seq is above the cursor (new ones included), oldest change first, up to the
   * conversation's change counter read first — so `last_change_seq` is a safe next cursor once `has_more` is false.
   */
  async changes(callerId: string, conversationId: string, query: { after_change_seq?: number; limit?: number }): Promise<ChangesPage> {
    await this.conversations.requireMember(conversationId, callerId);
    const lastChangeSeq = await this.messages.lastChangeSeq(conversationId);
    const page = await this.messages.changes(conversationId, {
      afterChangeSeq: query.after_change_seq ?? 0,
      upToChangeSeq: lastChangeSeq,
      limit: query.limit ?? LIMITS.changesPageDefault,
    });
    return { messages: page.messages, has_more: page.hasMore, last_change_seq: lastChangeSeq };
  }

  /** A message the caller may see: 404 for an unknown one, 403 for one of a conversation the caller is not in. */
  async readable(callerId: string, messageId: string): Promise<Message> {
    const message = await this.messages.findById(messageId);
    if (!message) throw new NotFoundError('Message not found');
    await this.conversations.requireMember(message.conversation_id, callerId);
    return message;
  }

  /** The message a reply answers: one of the same conversation (deleted or not), else a 400 naming the field. */
  private async originalOf(conversationId: string, id: string): Promise<Message> {
    const original = await this.messages.findById(id);
    if (!original || original.conversation_id !== conversationId) {
      throw new ValidationFailedError([{ field: 'reply_to_id', message: 'must be a message of the same conversation' }]);
    }
    return original;
  }

  private replayOf(stored: Message, input: SendInput): Message {
    const storedIds = stored.attachments.map((attachment) => attachment.id).join();
    const sameReply = (stored.reply_to?.id ?? null) === (input.reply_to_id || null);
    if (
      stored.conversation_id !== input.conversation_id ||
      stored.content !== (input.content ?? '') ||
      storedIds !== (input.attachment_ids ?? []).join() ||
      !sameReply
    ) {
      throw new ConflictError('message_id was already used for a different message');
    }
    return stored;
  }
}
