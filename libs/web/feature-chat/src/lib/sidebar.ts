import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { ChatStore, displayName, Session } from '@pneumatic/web/data-access';
import { Avatar, ConnectionStatus, TabBar, type TabItem } from '@pneumatic/web/ui';
import { ConversationList } from './conversation-list';
import { NewGroupDialog } from './new-group-dialog';
import { PeopleList } from './people-list';

const TABS: readonly TabItem[] = [
  { id: 'chats', label: 'Chats' },
  { id: 'people', label: 'People' },
];

/** Who is signed in and whether they are connected; the conversations and the people, as two tabs. */
@Component({
  selector: 'pc-sidebar',
  imports: [Avatar, ConnectionStatus, ConversationList, NewGroupDialog, PeopleList, TabBar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <pc-avatar [name]="myName()" [seed]="session.user()?.id ?? ''" size="small" />
      <div class="me">
        <strong class="name">{{ myName() }}</strong>
        <pc-connection-status [state]="store.connection()" />
      </div>
      <button type="button" class="secondary small" (click)="logout()">Log out</button>
    </header>
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
      padding: 0.75rem;
    }
    header button {
      flex: none;
    }
    .toolbar {
      display: flex;
      justify-content: flex-end;
      padding: 0.6rem 0.75rem 0;
    }
    .me {
      display: flex;
      flex-direction: column;
      flex: 1;
      min-width: 0;
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
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
  protected readonly session = inject(Session);
  protected readonly store = inject(ChatStore);
  protected readonly tabs = TABS;
  protected readonly tab = signal('chats');
  protected readonly groupDialogOpen = signal(false);
  protected readonly myName = computed(() => displayName(this.session.user() ?? undefined));

  /** The app leaves the chat when the session ends (see the root component). */
  protected logout(): void {
    void this.session.logout();
  }
}
