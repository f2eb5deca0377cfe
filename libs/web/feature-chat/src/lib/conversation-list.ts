import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { ChatStore, Presence, Session, UsersDirectory } from '@pneumatic/web/data-access';
import { Avatar, ListTimePipe, UnreadBadge } from '@pneumatic/web/ui';
import { conversationItem } from './chat-view';

/**
 * The user's conversations, most recent activity first, each a link to open it: an online dot on a 1-on-1 whose
 * other person is online, "typing…" in place of the preview, and the unread badge.
 */
@Component({
  selector: 'pc-conversation-list',
  imports: [Avatar, ListTimePipe, RouterLink, RouterLinkActive, UnreadBadge],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (items().length === 0) {
      @switch (store.status()) {
        @case ('failed') {
          <p class="empty">
            Your conversations could not be loaded.
            <button type="button" class="link" (click)="store.reload()">Try again</button>
          </p>
        }
        @case ('ready') {
          <p class="empty">No conversations yet. Pick someone under People, or start a group.</p>
        }
        @default {
          <p class="empty">Loading conversations…</p>
        }
      }
    }
    <ul aria-label="Conversations">
      @for (item of items(); track item.id) {
        <li [class.muted]="item.muted">
          <a [routerLink]="['/chat', item.id]" routerLinkActive="active" ariaCurrentWhenActive="page" [attr.data-conversation]="item.name">
            <pc-avatar [name]="item.name" [seed]="item.avatarSeed" [image]="item.avatarUrl" [group]="item.isGroup" [online]="item.online" />
            <span class="text">
              <span class="line">
                <span class="name">{{ item.name }}</span>
                @if (item.muted) {
                  <span class="muted-mark" title="Muted"
                    ><span aria-hidden="true">🔕</span><span class="pc-visually-hidden">(muted)</span></span
                  >
                }
                <time [attr.datetime]="item.time">{{ item.time | pcListTime }}</time>
              </span>
              <span class="line">
                @if (item.typing) {
                  <span class="preview typing">{{ item.typing }}</span>
                } @else {
                  <span class="preview">{{ item.preview }}</span>
                }
                @if (item.mentions > 0) {
                  <span class="mention-badge" [title]="item.mentions === 1 ? 'You were mentioned' : 'You were mentioned ' + item.mentions + ' times'"
                    ><span aria-hidden="true">@</span
                    ><span class="pc-visually-hidden">{{ item.mentions }} {{ item.mentions === 1 ? 'mention' : 'mentions' }}</span></span
                  >
                }
                <pc-unread-badge [count]="item.unread" />
              </span>
            </span>
          </a>
        </li>
      }
    </ul>
  `,
  styles: `
    .mention-badge {
      display: inline-grid;
      place-items: center;
      flex-shrink: 0;
      width: 1.4rem;
      height: 1.4rem;
      border-radius: 50%;
      background: var(--pc-danger);
      color: var(--pc-bg);
      font-size: 0.8rem;
      font-weight: 700;
    }
    /* Muted: greyed, its unread count still shown. */
    li.muted .name,
    li.muted .preview {
      color: var(--pc-muted);
    }
    li.muted pc-avatar {
      opacity: 0.6;
    }
    .muted-mark {
      font-size: 0.75rem;
    }
    ul {
      margin: 0;
      padding: 0.25rem 0;
      list-style: none;
    }
    a {
      display: flex;
      align-items: center;
      gap: 0.7rem;
      padding: 0.6rem 0.75rem;
      color: inherit;
      text-decoration: none;
    }
    a:hover {
      background: var(--pc-surface-2);
    }
    a.active {
      background: var(--pc-selected);
    }
    .text {
      display: flex;
      flex-direction: column;
      flex: 1;
      min-width: 0;
      gap: 0.15rem;
    }
    .line {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
    }
    .name,
    .preview {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .name {
      font-weight: 600;
    }
    .preview,
    time {
      font-size: 0.85rem;
      color: var(--pc-muted);
    }
    .preview.typing {
      font-style: italic;
      color: var(--pc-accent);
    }
    time {
      flex: none;
    }
    .empty {
      padding: 1rem;
      color: var(--pc-muted);
    }
  `,
})
export class ConversationList {
  protected readonly store = inject(ChatStore);
  private readonly session = inject(Session);
  private readonly directory = inject(UsersDirectory);
  private readonly presence = inject(Presence);

  protected readonly items = computed(() => {
    const selfId = this.session.user()?.id ?? '';
    const users = this.directory.byId();
    const live = { presence: this.presence.byId(), typing: this.store.typing() };
    return this.store.conversations().map((conversation) => conversationItem(conversation, selfId, users, live));
  });
}
