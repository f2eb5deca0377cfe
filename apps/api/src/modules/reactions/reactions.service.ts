import { Injectable } from '@nestjs/common';
import type { Message } from '@pneumatic/contracts';
import { ConflictError, NotFoundError } from '../../core/errors';
import { MessageChangesRepository } from '../messages/message-changes.repository';
import { SystemMessageError } from '../messages/message-errors';
import { MessageFeed } from '../messages/message-feed';
import { MessagesService } from '../messages/messages.service';
import { withReaction } from './reaction-rules';

/** Reactions (SPEC 10.3): each one added or removed is a change on the conversation's feed, like an edit. */
@Injectable()
export class ReactionsService {
  constructor(
    private readonly messages: MessagesService,
    private readonly changes: MessageChangesRepository,
    private readonly feed: MessageFeed,
  ) {}

  /** Adds the caller's reaction with `emoji` (already checked to be one emoji); adding it again changes nothing. */
  add(callerId: string, messageId: string, emoji: string): Promise<Message> {
    return this.set(callerId, messageId, emoji, true);
  }

  /** Takes the caller's reaction with `emoji` away; taking away one that is not there changes nothing. */
  remove(callerId: string, messageId: string, emoji: string): Promise<Message> {
    return this.set(callerId, messageId, emoji, false);
  }

  private async set(callerId: string, messageId: string, emoji: string, present: boolean): Promise<Message> {
    const message = await this.messages.readable(callerId, messageId);
    // A system message records a change to the group: nobody reacts to it, nor takes a reaction back (SPEC 10.4).
    if (message.kind === 'system') throw new SystemMessageError('react to');
    const current = await this.feed.change(message, (now) => {
      if (present && now.deleted_at) throw new ConflictError('A deleted message takes no reactions');
      const reactions = withReaction(now.reactions, emoji, callerId, present);
      return reactions ? this.changes.react(now, reactions) : null;
    });
    if (!current) throw new NotFoundError('Message not found');
    return current;
  }
}
