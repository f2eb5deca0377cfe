import { inject, Injectable } from '@angular/core';
import type { Message } from '@pneumatic/contracts';
import { firstValueFrom } from 'rxjs';
import { MessagesApi } from '../api/messages-api';
import { describeError } from '../http/problem';
import { Session } from '../auth/session';
import { ChatStore } from './chat-store';

/** Reacting to messages (SPEC 10.3): a click on an emoji adds the user's reaction, or takes it back when it is there. */
@Injectable({ providedIn: 'root' })
export class MessageReactions {
  private readonly api = inject(MessagesApi);
  private readonly store = inject(ChatStore);
  private readonly session = inject(Session);

  /** Whether the user has reacted to `message` with `emoji`. */
  mine(message: Message, emoji: string): boolean {
    const selfId = this.session.user()?.id;
    return message.reactions.some((reaction) => reaction.emoji === emoji && reaction.user_ids.includes(selfId ?? ''));
  }

  /** Adds or takes back the user's reaction; the answer (the message as it is now) replaces the copy held. Null once done, else why not. */
  async toggle(message: Message, emoji: string): Promise<string | null> {
    try {
      const request = this.mine(message, emoji) ? this.api.unreact(message.id, emoji) : this.api.react(message.id, emoji);
      this.store.applyUpdates([await firstValueFrom(request)]);
      return null;
    } catch (error) {
      return describeError(error);
    }
  }
}
