import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ChatStore } from '@pneumatic/web/data-access';
import { ConnectionStatus, TabBar, type TabItem } from '@pneumatic/web/ui';
import { ConversationList } from './conversation-list';
import { NewGroupDialog } from './new-group-dialog';
import { NotificationBell } from './notification-bell';
import { PeopleList } from './people-list';
import { SearchLauncher } from './search-launcher';
import { UserMenu } from './user-menu';

const TABS: readonly TabItem[] = [
  { id: 'chats', label: 'Chats' },
  { id: 'people', label: 'People' },
];

/**
 * The page's banner (the app's name for screen readers, the user's menu, whether they are connected) above the
 * navigation: the conversations and the people, as two tabs.
 */
@Component({
  selector: 'pc-sidebar',
  imports: [ConnectionStatus, ConversationList, NewGroupDialog, NotificationBell, PeopleList, TabBar, UserMenu],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <h1 class="pc-visually-hidden">Pneumatic Chat</h1>
      <pc-user-menu />
      <button type="button" class="secondary small search" aria-keyshortcuts="Control+K Meta+K" (click)="search.open.set(true)">
        Search
      </button>
      <pc-notification-bell />
      <pc-connection-status [state]="store.connection()" />
    </header>
    <nav aria-label="Conversations and people">
      <pc-tab-bar prefix="sidebar" aria-label="Conversations and people" [tabs]="tabs" [(selected)]="tab" />
      <section role="tabpanel" id="sidebar-panel-chats" aria-labelledby="sidebar-tab-chats" [hidden]="tab() !== 'chats'">
        <div class="toolbar">
          <button type="button" class="secondary small" (click)="groupDialogOpen.set(true)">+ New group</button>
        </div>
        <pc-conversation-list />
      </section>
      <section role="tabpanel" id="sidebar-panel-people" aria-labelledby="sidebar-tab-people" [hidden]="tab() !== 'people'">
        <pc-people-list [shown]="tab() === 'people'" (opened)="tab.set('chats')" />
      </section>
    </nav>
    <pc-new-group-dialog [open]="groupDialogOpen()" (closed)="groupDialogOpen.set(false)" />
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-width: 0;
      min-height: 0;
      border-right: 1px solid var(--pc-border);
      background: var(--pc-surface);
    }
    header {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      padding: 0.5rem 0.75rem;
    }
    pc-connection-status,
    .search {
      flex: none;
    }
    .search {
      margin-left: auto;
    }
    nav {
      display: flex;
      flex-direction: column;
      flex: 1;
      min-height: 0;
    }
    .toolbar {
      display: flex;
      justify-content: flex-end;
      padding: 0.6rem 0.75rem 0;
    }
    section {
      flex: 1;
      min-height: 0;
      overflow-y: auto;
    }
    section[hidden] {
      display: none;
    }
  `,
})
export class Sidebar {
  protected readonly store = inject(ChatStore);
  protected readonly tabs = TABS;
  protected readonly tab = signal('chats');
  protected readonly groupDialogOpen = signal(false);
  protected readonly search = inject(SearchLauncher);
}
