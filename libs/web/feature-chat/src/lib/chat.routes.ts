import type { Routes } from '@angular/router';
import { ChatPage } from './chat-page';
import { ConversationPane } from './conversation-pane';
import { NoConversation } from './no-conversation';

/** `/chat` and `/chat/:conversationId`: one ChatPage (kept while switching conversations) around the pane. */
export const chatRoutes: Routes = [
  {
    path: '',
    component: ChatPage,
    children: [
      { path: '', component: NoConversation },
      { path: ':conversationId', component: ConversationPane },
    ],
  },
];
