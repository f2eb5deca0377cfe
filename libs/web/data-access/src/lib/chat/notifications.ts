import { DOCUMENT } from '@angular/common';
import { computed, inject, Injectable, signal } from '@angular/core';
import type { Conversation, Message } from '@pneumatic/contracts';
import { merge, type Subscription } from 'rxjs';
import { Session } from '../auth/session';
import { ChatSocket } from '../realtime/chat-socket';
import { ChatStore } from './chat-store';
import { type Attention, watchAttention } from './page-attention';
import { displayName, UsersDirectory } from './users-directory';

/** unsupported: the browser has no notifications · blocked: refused in the browser's settings · off · on. */
export type NotificationStatus = 'unsupported' | 'blocked' | 'off' | 'on';

/** The user's own switch, kept on this device: off until turned on from the bell, even where the browser allows them. */
export const NOTIFICATIONS_STORAGE_KEY = 'pneumatic.notifications';
const BODY_MAX = 140;

/**
 * Whether a message that just arrived deserves a browser notification: someone else's, while the person cannot be
 * looking at the page, in a conversation that is not muted — any message of a 1-on-1, and in a group only one that
 * mentions the person.
 */
export function deservesNotification(
  message: Message,
  conversation: Conversation | undefined,
  selfId: string,
  attention: Attention,
): boolean {
  if (message.sender_id === selfId || !conversation || conversation.muted || message.deleted_at !== null) return false;
  if (attention.visible && attention.focused) return false;
  return !conversation.is_group || message.mentions.includes(selfId);
}

/**
 * Browser notifications for messages that arrive while the tab is hidden or in the background. Permission is only
 * ever asked for from a click (`turnOn`), never on load; a click on a notification opens its conversation.
 */
@Injectable({ providedIn: 'root' })
export class MessageNotifications {
  private readonly socket = inject(ChatSocket);
  private readonly store = inject(ChatStore);
  private readonly session = inject(Session);
  private readonly directory = inject(UsersDirectory);
  private readonly document = inject(DOCUMENT);
  private readonly api =
    this.document.defaultView && 'Notification' in this.document.defaultView ? this.document.defaultView.Notification : null;
  private readonly permission = signal<NotificationPermission>(this.api?.permission ?? 'denied');
  private readonly wanted = signal(this.storedChoice());

  readonly status = computed<NotificationStatus>(() => {
    if (!this.api) return 'unsupported';
    if (this.permission() === 'denied') return 'blocked';
    return this.permission() === 'granted' && this.wanted() ? 'on' : 'off';
  });

  /** Asks the browser (from a click) and switches them on. */
  async turnOn(): Promise<void> {
    if (!this.api) return;
    this.permission.set(this.api.permission === 'default' ? await this.api.requestPermission() : this.api.permission);
    this.choose(true);
  }

  turnOff(): void {
    this.choose(false);
  }

  /** Notifies while the chat is open; `open` shows a conversation when its notification is clicked. */
  watch(open: (conversationId: string) => void): Subscription {
    let attention: Attention = { visible: true, focused: true };
    const stopWatching = watchAttention(this.document, (now) => (attention = now));
    // New messages, and edits that newly mention the person (whoever was mentioned already has been told).
    const subscription = merge(this.socket.messages$, this.store.newlyMentioned$).subscribe((message) => {
      const conversation = this.store.conversations().find((candidate) => candidate.id === message.conversation_id);
      if (this.status() !== 'on' || !deservesNotification(message, conversation, this.session.user()?.id ?? '', attention)) return;
      this.show(message, open);
    });
    subscription.add(stopWatching);
    return subscription;
  }

  private show(message: Message, open: (conversationId: string) => void): void {
    if (!this.api) return;
    const body = message.content.length > BODY_MAX ? `${message.content.slice(0, BODY_MAX - 1)}…` : message.content;
    // One notification per conversation at a time (`tag`): a burst of messages does not pile up.
    const notification = new this.api(displayName(this.directory.byId().get(message.sender_id)), { body, tag: message.conversation_id });
    notification.onclick = () => {
      this.document.defaultView?.focus();
      open(message.conversation_id);
      notification.close();
    };
  }

  private choose(wanted: boolean): void {
    this.wanted.set(wanted);
    try {
      this.document.defaultView?.localStorage.setItem(NOTIFICATIONS_STORAGE_KEY, wanted ? 'on' : 'off');
    } catch {
      // Storage refused: the choice holds for this page only.
    }
  }

  private storedChoice(): boolean {
    try {
      return this.document.defaultView?.localStorage.getItem(NOTIFICATIONS_STORAGE_KEY) === 'on';
    } catch {
      return false;
    }
  }
}
