import {
  afterNextRender,
  Injector,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import type { Message } from '@pneumatic/contracts';
import { RouterLink } from '@angular/router';
import { ChatStore, displayName, Presence, Session, Uploads, UsersDirectory } from '@pneumatic/web/data-access';
import { Avatar, PresenceLabel } from '@pneumatic/web/ui';
import { avatarSeed, conversationName, peerOf, type Quote, timelineEntries, typingLine } from './chat-view';
import { Composer } from './composer';
import { GroupDetails } from './group-details';
import { DeleteMessageDialog, RevisionsDialog } from './message-dialogs';
import { MessageList } from './message-list';
import { MuteButton } from './mute-button';

/**
 * One open conversation: who is in it (and, in a 1-on-1, whether they are online), its history, who is typing, and
 * the composer. The route's `:conversationId` picks it.
 */
/** Older pages fetched at most to bring a quoted message on screen. */
const MAX_PAGES_TO_QUOTE = 20;

@Component({
  selector: 'pc-conversation-pane',
  imports: [Avatar, Composer, DeleteMessageDialog, GroupDetails, MessageList, MuteButton, PresenceLabel, RevisionsDialog, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (store.missing(); as missing) {
      <div class="missing">
        <p role="alert">{{ missing.reason }}</p>
        <a routerLink="/chat">Back to your conversations</a>
      </div>
    } @else {
      <header>
        <a routerLink="/chat" class="back icon" aria-label="Back to conversations">←</a>
        <pc-avatar
          [name]="title()"
          [seed]="avatarSeed()"
          [group]="store.activeConversation()?.is_group ?? false"
          size="small"
          [online]="peerPresence()?.online ?? false"
        />
        <div class="heading">
          <h2>{{ title() }}</h2>
          <p>
            {{ subtitle() }}
            @if (peerPresence(); as presence) {
              · <pc-presence-label [online]="presence.online" [lastSeen]="presence.last_seen" />
            }
          </p>
        </div>
        @if (store.activeConversation(); as conversation) {
          <pc-mute-button [conversation]="conversation" />
          @if (conversation.is_group) {
            <button type="button" class="secondary details" (click)="detailsOpen.set(true)">Group details</button>
          }
        }
      </header>
      @if (store.connection() === 'reconnecting') {
        <p class="banner" role="status">Reconnecting… Messages you send now go out when the connection is back.</p>
      }
      <pc-message-list
        [conversationId]="conversationId()"
        [entries]="entries()"
        [hasOlder]="store.activeTimeline().hasOlder"
        [hasNewer]="store.activeTimeline().hasNewer"
        [loaded]="store.activeTimeline().loaded"
        [loading]="store.activeLoading()"
        [loadingOlder]="store.activeLoadingOlder()"
        [loadingNewer]="store.activeLoadingNewer()"
        [firstUnreadSeq]="store.activeFirstUnread()"
        [focusSeq]="focusSeq()"
        (loadOlder)="store.loadOlder(conversationId())"
        (loadNewer)="store.loadNewer(conversationId())"
        (jumpToLatest)="store.jumpToLatest(conversationId())"
        (jumpToFirstUnread)="store.jumpToFirstUnread(conversationId())"
        (retry)="store.retry($event)"
        (discard)="store.discard($event)"
        (visibleSeq)="store.setVisibleSeq(conversationId(), $event)"
        [editingId]="editingId()"
        [moderator]="isAdmin()"
        (edit)="editingId.set($event.id)"
        (editDone)="stopEditing()"
        (delete)="deleting.set($event)"
        (revisions)="showingRevisions.set($event)"
        (reply)="startReply($event)"
        (showQuoted)="showQuoted($event)"
      />
      <p class="typing" role="status" aria-live="polite">{{ typing() }}</p>
      <pc-composer
        [conversationId]="conversationId()"
        (send)="send($event)"
        (typing)="store.typed(conversationId(), $event)"
        (editLast)="editLast()"
        [replyingTo]="replyQuote()"
        (cancelReply)="replyingTo.set(null)"
        [members]="mentionable()"
      />
      <pc-delete-message-dialog [message]="deleting()" (closed)="deleting.set(null)" />
      <pc-revisions-dialog [message]="showingRevisions()" (closed)="showingRevisions.set(null)" />
      <pc-group-details [conversation]="store.activeConversation()" [open]="detailsOpen()" (closed)="detailsOpen.set(false)" />
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      flex: 1;
      min-height: 0;
    }
    header {
      display: flex;
      align-items: center;
      gap: 0.6rem;
      padding: 0.6rem 0.75rem;
      border-bottom: 1px solid var(--pc-border);
    }
    .heading {
      flex: 1;
      min-width: 0;
    }
    .details {
      margin-left: auto;
      flex-shrink: 0;
    }
    h2,
    .heading p {
      margin: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    h2 {
      font-size: 1.05rem;
    }
    .heading p {
      font-size: 0.8rem;
      color: var(--pc-muted);
    }
    .typing {
      min-height: 1.2rem;
      margin: 0;
      padding: 0 0.75rem;
      font-size: 0.8rem;
      font-style: italic;
      line-height: 1.2rem;
      color: var(--pc-muted);
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .back {
      display: none;
      text-decoration: none;
      font-size: 1.3rem;
    }
    .banner {
      margin: 0;
      padding: 0.4rem 0.75rem;
      background: var(--pc-warn-surface);
      color: var(--pc-warn-text);
      font-size: 0.85rem;
    }
    .missing {
      margin: auto;
      padding: 1rem;
      text-align: center;
    }
    @media (max-width: 47.99rem) {
      .back {
        display: inline-grid;
      }
    }
  `,
})
export class ConversationPane {
  protected readonly store = inject(ChatStore);
  private readonly uploads = inject(Uploads);
  private readonly session = inject(Session);
  private readonly directory = inject(UsersDirectory);
  private readonly presence = inject(Presence);
  /** Bound from the route parameter. */
  readonly conversationId = input.required<string>();
  /** `?at=<seq>`: open at that message (a search result), with its neighbours, marked. */
  readonly at = input<string | undefined>();
  protected readonly focusSeq = computed(() => {
    const seq = Number(this.at());
    return Number.isSafeInteger(seq) && seq > 0 ? seq : null;
  });
  private readonly list = viewChild(MessageList);
  private readonly composer = viewChild(Composer);
  private readonly injector = inject(Injector);
  /** The message being edited in place. */
  protected readonly editingId = signal<string | null>(null);
  protected readonly deleting = signal<Message | null>(null);
  protected readonly showingRevisions = signal<Message | null>(null);
  /** The message the next one answers. */
  protected readonly replyingTo = signal<Message | null>(null);
  protected readonly detailsOpen = signal(false);

  private readonly selfId = computed(() => this.session.user()?.id ?? '');
  protected readonly title = computed(() => {
    const conversation = this.store.activeConversation();
    return conversation ? conversationName(conversation, this.selfId(), this.directory.byId()) : 'Conversation';
  });
  protected readonly subtitle = computed(() => {
    const conversation = this.store.activeConversation();
    if (!conversation) return '';
    const users = this.directory.byId();
    const others = conversation.members.filter((id) => id !== this.selfId());
    if (!conversation.is_group) return others.length ? `@${users.get(others[0])?.username ?? '…'}` : '';
    const names = others.map((id) => displayName(users.get(id)));
    const online = others.filter((id) => this.presence.byId().get(id)?.online).length;
    return `${conversation.members.length} members${online ? `, ${online} online` : ''}: you, ${names.join(', ')}`;
  });
  /** The other members, whom the composer's `@` offers. */
  protected readonly mentionable = computed(() => {
    const users = this.directory.byId();
    return (this.store.activeConversation()?.members ?? []).flatMap((id) => {
      const user = id === this.selfId() ? undefined : users.get(id);
      return user ? [user] : [];
    });
  });
  protected readonly isAdmin = computed(() => this.store.activeConversation()?.admins.includes(this.selfId()) ?? false);
  protected readonly avatarSeed = computed(() => {
    const conversation = this.store.activeConversation();
    return conversation ? avatarSeed(conversation, this.selfId()) : this.conversationId();
  });
  /** In a 1-on-1: whether the other person is online, and when they were last seen. */
  protected readonly peerPresence = computed(() => {
    const conversation = this.store.activeConversation();
    const peer = conversation && peerOf(conversation, this.selfId());
    return peer ? (this.presence.byId().get(peer) ?? null) : null;
  });
  protected readonly typing = computed(() =>
    typingLine(this.store.activeTypists().map((id) => displayName(this.directory.byId().get(id)))),
  );
  /** The message being answered as it is now (an edit or deletion meanwhile shows in the strip). */
  protected readonly replyQuote = computed<Quote | null>(() => {
    const chosen = this.replyingTo();
    if (!chosen) return null;
    const message = this.store.activeTimeline().messages.find((held) => held.id === chosen.id) ?? chosen;
    const sender = message.sender_id === this.selfId() ? 'You' : displayName(this.directory.byId().get(message.sender_id));
    const deleted = message.deleted_at !== null;
    return { id: message.id, seq: message.seq, sender, excerpt: deleted ? '' : message.content, deleted };
  });
  /** Everyone the timeline names, the user included (whose own name a mention marks). */
  private readonly people = computed(() => {
    const users = this.directory.byId();
    const self = this.session.user();
    return self && !users.has(self.id) ? new Map(users).set(self.id, self) : users;
  });
  protected readonly entries = computed(() =>
    timelineEntries(this.store.activeTimeline().messages, this.store.activePending(), this.selfId(), this.people(), {
      peerReadSeq: this.store.activePeerReadSeq(),
      firstUnreadSeq: this.store.activeFirstUnread(),
    }),
  );

  constructor() {
    // The list places itself for each conversation: at the message asked for, else its first unread, else its newest.
    effect(() => {
      const id = this.conversationId();
      const at = this.focusSeq() ?? undefined;
      untracked(() => {
        this.editingId.set(null);
        this.replyingTo.set(null);
        this.detailsOpen.set(false);
        this.store.open(id, at);
      });
    });
    inject(DestroyRef).onDestroy(() => this.store.open(null));
  }

  /** Up in the empty composer: the user's newest message that can still be edited. */
  protected editLast(): void {
    const own = this.store
      .activeTimeline()
      .messages.filter((message) => message.sender_id === this.selfId() && message.deleted_at === null)
      .at(-1);
    if (own) this.editingId.set(own.id);
  }

  protected stopEditing(): void {
    this.editingId.set(null);
    this.composer()?.focus();
  }

  protected send(content: string): void {
    this.store.send(this.conversationId(), content, this.replyingTo()?.id, this.uploads.take(this.conversationId()));
    this.replyingTo.set(null);
    this.list()?.showLatest();
  }

  protected startReply(message: Message): void {
    this.replyingTo.set(message);
    this.composer()?.focus();
  }

  /** A quote was clicked: its original on screen, fetching older pages until it is held (a few at most). */
  protected async showQuoted(seq: number): Promise<void> {
    const id = this.conversationId();
    for (let page = 0; page < MAX_PAGES_TO_QUOTE; page++) {
      const timeline = this.store.activeTimeline();
      if (timeline.messages.some((message) => message.seq === seq) || !timeline.hasOlder || timeline.messages[0]?.seq < seq) break;
      await this.store.loadOlder(id);
    }
    afterNextRender(() => this.list()?.reveal(seq), { injector: this.injector });
  }
}
