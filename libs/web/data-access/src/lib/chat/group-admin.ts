import { inject, Injectable } from '@angular/core';
import type { MemberRole } from '@pneumatic/contracts';
import { firstValueFrom } from 'rxjs';
import { ConversationsApi } from '../api/conversations-api';
import { Session } from '../auth/session';
import { ChatStore } from './chat-store';

/**
 * Managing a group (SPEC 10.4): adding people, removing them, making admins, renaming, leaving. Each call answers
 * with the group as it is afterwards, which the store takes in at once; the other devices hear of it live.
 * Refusals reject with the server's problem (see describeError).
 */
@Injectable({ providedIn: 'root' })
export class GroupAdmin {
  private readonly api = inject(ConversationsApi);
  private readonly store = inject(ChatStore);
  private readonly session = inject(Session);

  async addMembers(conversationId: string, userIds: readonly string[]): Promise<void> {
    this.store.adopt(await firstValueFrom(this.api.addMembers(conversationId, userIds)));
  }

  async remove(conversationId: string, userId: string): Promise<void> {
    await firstValueFrom(this.api.removeMember(conversationId, userId), { defaultValue: undefined });
    this.store.adopt(await firstValueFrom(this.api.get(conversationId)));
  }

  async setRole(conversationId: string, userId: string, role: MemberRole): Promise<void> {
    this.store.adopt(await firstValueFrom(this.api.setRole(conversationId, userId, role)));
  }

  async rename(conversationId: string, title: string | null): Promise<void> {
    this.store.adopt(await firstValueFrom(this.api.rename(conversationId, title)));
  }

  /** Leaves the group: it goes from this tab at once (and from the user's other devices, told by the server). */
  async leave(conversationId: string): Promise<void> {
    const selfId = this.session.user()?.id;
    if (!selfId) return;
    await firstValueFrom(this.api.removeMember(conversationId, selfId), { defaultValue: undefined });
    this.store.forget(conversationId);
  }
}
