import { Inject, Injectable } from '@nestjs/common';
import type { Message, MessageRevision } from '@pneumatic/contracts';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { NotFoundError } from '../../core/errors';
import { AttachmentsService } from '../attachments/attachments.service';
import { EditConflictError, EditWindowPassedError, MessageDeletedError, NotAuthorError, SystemMessageError } from './message-errors';
import { MessageChangesRepository } from './message-changes.repository';
import { MessageFeed } from './message-feed';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';
import { ConversationsService } from '../conversations/conversations.service';

export interface EditInput {
  readonly content: string;
  readonly expected_change_seq?: number;
}

/** Editing and deleting messages (SPEC 10.2), each a change on the conversation's feed. */
@Injectable()
export class MessageEditsService {
  private readonly editWindowMs: number;

  constructor(
    private readonly messages: MessagesService,
    private readonly repository: MessagesRepository,
    private readonly changes: MessageChangesRepository,
    private readonly feed: MessageFeed,
    private readonly attachments: AttachmentsService,
    private readonly conversations: ConversationsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.editWindowMs = config.messageEditWindowSeconds * 1000;
  }

  /**
   * Replaces the text of the caller's own message, keeping the old one as a revision. The same text changes nothing.
   * With `expected_change_seq`, an edit made against an outdated copy is refused rather than silently overwriting.
   */
  async edit(callerId: string, messageId: string, input: EditInput): Promise<Message> {
    const message = await this.messages.readable(callerId, messageId);
    if (message.kind === 'system') throw new SystemMessageError('edit');
    if (message.sender_id !== callerId) throw new NotAuthorError('edit');
    const mentions = await this.conversations.mentionedIn(message.conversation_id, input.content);
    const edited = await this.feed.change(message, (current) => {
      if (current.deleted_at) throw new MessageDeletedError();
      if (this.editWindowMs > 0 && Date.now() - Date.parse(current.created_at) > this.editWindowMs) {
        throw new EditWindowPassedError(this.editWindowMs / 1000);
      }
      if (input.expected_change_seq !== undefined && input.expected_change_seq !== current.change_seq) {
        throw new EditConflictError();
      }
      return current.content === input.content ? null : this.changes.edit(current, input.content, mentions, new Date());
    });
    return edited ?? gone();
  }

  /**
   * Deletes a message — the caller's own, or any user's message of a group the caller is an admin of: it stays in its
   * place as a tombstone. Deleting it again changes nothing. System messages are never deleted.
   */
  async delete(callerId: string, messageId: string): Promise<void> {
    const message = await this.messages.readable(callerId, messageId);
    if (message.kind === 'system') throw new SystemMessageError('delete');
    if (message.sender_id !== callerId && !(await this.conversations.isAdmin(message.conversation_id, callerId))) {
      throw new NotAuthorError('delete');
    }
    await this.feed.change(message, (current) => (current.deleted_at ? null : this.changes.delete(current, new Date())));
    if (message.attachments.length > 0) await this.attachments.purgeMessage(message.id);
  }

  /** The texts before each edit, oldest first, for the conversation's members. */
  async revisions(callerId: string, messageId: string): Promise<MessageRevision[]> {
    const message = await this.messages.readable(callerId, messageId);
    return this.repository.revisions(message.id);
  }
}

function gone(): never {
  throw new NotFoundError('Message not found');
}
