import { inject, Injectable } from '@angular/core';
import type { Message, MessageRevision } from '@pneumatic/contracts';
import { firstValueFrom } from 'rxjs';
import { MessagesApi } from '../api/messages-api';
import { describeError } from '../http/problem';
import { ChatStore } from './chat-store';

/** Editing and deleting the user's own messages, and reading what they said before (SPEC 10.2). */
@Injectable({ providedIn: 'root' })
export class MessageEdits {
  private readonly api = inject(MessagesApi);
  private readonly store = inject(ChatStore);

  /**
   * Saves a new text for a message, as the copy the user was editing: when it changed meanwhile (another device),
   * the server refuses and the user sees the current text. Resolves to null once saved, else to why not.
   */
  async edit(message: Message, content: string): Promise<string | null> {
    try {
      const edited = await firstValueFrom(this.api.edit(message.id, { content, expected_change_seq: message.change_seq }));
      this.store.applyUpdates([edited]);
      return null;
    } catch (error) {
      return describeError(error);
    }
  }

  /** Deletes a message; it shows as deleted at once (the server's copy replaces this one when it arrives). */
  async delete(message: Message): Promise<string | null> {
    try {
      await firstValueFrom(this.api.delete(message.id));
      this.store.applyUpdates([
        { ...message, content: '', edited_at: null, deleted_at: new Date().toISOString(), change_seq: message.change_seq + 0.5 },
      ]);
      return null;
    } catch (error) {
      return describeError(error);
    }
  }

  revisions(message: Message): Promise<readonly MessageRevision[]> {
    return firstValueFrom(this.api.revisions(message.id));
  }
}
