import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, untracked, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ChatStore, displayName, Session, UsersDirectory } from '@pneumatic/web/data-access';
import { Avatar } from '@pneumatic/web/ui';
import { conversationName, timelineEntries } from './chat-view';
import { Composer } from './composer';
import { MessageList } from './message-list';

/** One open conversation: who is in it, its history, and the composer. The route's `:conversationId` picks it. */
@Component({
  selector: 'pc-conversation-pane',
  imports: [Avatar, Composer, MessageList, RouterLink],
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
        <pc-avatar [name]="title()" [seed]="conversationId()" size="small" />
        <div class="heading">
          <h2>{{ title() }}</h2>
          <p>{{ subtitle() }}</p>
        </div>
      </header>
      @if (store.connection() === 'reconnecting') {
        <p class="banner" role="status">Reconnecting… Messages you send now go out when the connection is back.</p>
      }
      <pc-message-list
        [entries]="entries()"
        [hasOlder]="store.activeTimeline().hasOlder"
        [loaded]="store.activeTimeline().loaded"
        [loading]="store.activeLoading()"
        (loadOlder)="store.loadOlder(conversationId())"
        (retry)="store.retry($event)"
        (discard)="store.discard($event)"
      />
      <pc-composer [conversationId]="conversationId()" (send)="send($event)" />
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
      min-width: 0;
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
  private readonly session = inject(Session);
  private readonly directory = inject(UsersDirectory);
  /** Bound from the route parameter. */
  readonly conversationId = input.required<string>();
  private readonly list = viewChild(MessageList);

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
    return `${conversation.members.length} members: you, ${names.join(', ')}`;
  });
  protected readonly entries = computed(() =>
    timelineEntries(this.store.activeTimeline().messages, this.store.activePending(), this.selfId(), this.directory.byId()),
  );

  constructor() {
    effect(() => {
      const id = this.conversationId();
      untracked(() => {
        this.store.open(id);
        this.list()?.scrollToLatest('instant'); // another conversation starts at its newest message
      });
    });
    inject(DestroyRef).onDestroy(() => this.store.open(null));
  }

  protected send(content: string): void {
    this.store.send(this.conversationId(), content);
    this.list()?.scrollToLatest();
  }
}
