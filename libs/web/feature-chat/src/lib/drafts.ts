import { Injectable, signal } from '@angular/core';

/** What the user has typed but not sent, per conversation, while they stay in the chat. */
@Injectable({ providedIn: 'root' })
export class Drafts {
  private readonly drafts = signal<ReadonlyMap<string, string>>(new Map());

  get(conversationId: string): string {
    return this.drafts().get(conversationId) ?? '';
  }

  set(conversationId: string, text: string): void {
    this.drafts.update((drafts) => new Map(drafts).set(conversationId, text));
  }

  /** Forgets every draft (the user leaves the chat: the next one to sign in here must not see them). */
  clear(): void {
    this.drafts.set(new Map());
  }
}
