import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { Router, RouterOutlet } from '@angular/router';
import { ChatStore, MessageNotifications } from '@pneumatic/web/data-access';
import { Drafts } from './drafts';
import { SearchDialog } from './search-dialog';
import { SearchLauncher } from './search-launcher';
import { Sidebar } from './sidebar';

/**
 * The chat: the sidebar beside the open conversation on a wide screen; on a phone one of the two at a time
 * (the conversation when one is open). Starts the store for the signed-in user and stops it on leaving.
 */
@Component({
  selector: 'pc-chat-page',
  imports: [RouterOutlet, SearchDialog, Sidebar],
  providers: [SearchLauncher],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[class.conversation-open]': 'store.activeId() !== null',
    '(window:beforeunload)': 'warnIfUnsent($event)',
    '(document:keydown)': 'shortcut($event)',
  },
  template: `
    <pc-sidebar />
    <main class="pane">
      <router-outlet />
    </main>
    <pc-search-dialog />
  `,
  styles: `
    :host {
      display: grid;
      grid-template-columns: minmax(17rem, 22rem) minmax(0, 1fr);
      height: 100dvh;
      overflow: hidden;
    }
    .pane {
      display: flex;
      flex-direction: column;
      min-width: 0;
      min-height: 0;
    }
    @media (max-width: 47.99rem) {
      :host {
        grid-template-columns: minmax(0, 1fr);
      }
      :host(.conversation-open) pc-sidebar,
      :host(:not(.conversation-open)) .pane {
        display: none;
      }
      pc-sidebar {
        border-right: 0;
      }
    }
  `,
})
export class ChatPage {
  protected readonly store = inject(ChatStore);
  private readonly search = inject(SearchLauncher);

  constructor() {
    const drafts = inject(Drafts);
    const router = inject(Router);
    this.store.start();
    const notifying = inject(MessageNotifications).watch((id) => void router.navigate(['/chat', id]));
    inject(DestroyRef).onDestroy(() => {
      notifying.unsubscribe();
      this.store.stop();
      drafts.clear();
    });
    const title = inject(Title);
    effect(() => {
      const unread = this.store.unreadTotal();
      title.setTitle(unread > 0 ? `(${unread}) Pneumatic Chat` : 'Pneumatic Chat');
    });
  }

  /** Ctrl+K (Cmd+K on a Mac) opens the search box from anywhere in the chat. */
  protected shortcut(event: KeyboardEvent): void {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      this.search.open.set(true);
    }
  }

  /** Unsent messages live only in this tab: closing or reloading it asks first. */
  protected warnIfUnsent(event: BeforeUnloadEvent): void {
    if (this.store.hasUnsent()) event.preventDefault();
  }
}
