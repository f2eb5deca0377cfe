import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  ConversationSettingsRequest,
  AddMembersRequest,
  Conversation,
  ConversationsResponse,
  CreateConversationRequest,
  MessagesPage,
  MessagesQuery,
  MemberRole,
  ReadRequest,
  SetRoleRequest,
  UpdateConversationRequest,
} from '@pneumatic/contracts';
import { map, type Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class ConversationsApi {
  private readonly http = inject(HttpClient);

  /** The caller's conversations, most recent activity first. */
  list(): Observable<readonly Conversation[]> {
    return this.http.get<ConversationsResponse>('/conversations').pipe(map((response) => response.conversations));
  }

  /** The caller's own settings of a conversation (muting); the caller's view afterwards. */
  updateSettings(id: string, settings: ConversationSettingsRequest): Observable<Conversation> {
    return this.http.put<Conversation>(`/conversations/${encodeURIComponent(id)}/settings`, settings);
  }

  get(id: string): Observable<Conversation> {
    return this.http.get<Conversation>(`/conversations/${encodeURIComponent(id)}`);
  }

  /** Two members in all and no `is_group` finds or creates the 1-on-1; anything else makes a group. */
  create(request: CreateConversationRequest): Observable<Conversation> {
    return this.http.post<Conversation>('/conversations', request);
  }

  /** A page of history in ascending seq: the newest by default, or before / after a seq. */
  messages(id: string, query: MessagesQuery = {}): Observable<MessagesPage> {
    let params = new HttpParams();
    for (const key of ['limit', 'before_seq', 'after_seq'] as const) {
      const value = query[key];
      if (value !== undefined) params = params.set(key, value);
    }
    return this.http.get<MessagesPage>(`/conversations/${encodeURIComponent(id)}/messages`, { params });
  }

  /** Moves the caller's read marker forward (never back); answers with the caller's view of the conversation. */
  markRead(id: string, seq: number): Observable<Conversation> {
    const body: ReadRequest = { seq };
    return this.http.post<Conversation>(`/conversations/${encodeURIComponent(id)}/read`, body);
  }

  /** Adds people to a group (admins); those already in are ignored. */
  addMembers(id: string, userIds: readonly string[]): Observable<Conversation> {
    const body: AddMembersRequest = { user_ids: userIds };
    return this.http.post<Conversation>(`/conversations/${encodeURIComponent(id)}/members`, body);
  }

  /** Removes a member (admins), or the caller themself: leaving. */
  removeMember(id: string, userId: string): Observable<void> {
    return this.http.delete<void>(`/conversations/${encodeURIComponent(id)}/members/${encodeURIComponent(userId)}`);
  }

  setRole(id: string, userId: string, role: MemberRole): Observable<Conversation> {
    const body: SetRoleRequest = { role };
    return this.http.put<Conversation>(`/conversations/${encodeURIComponent(id)}/members/${encodeURIComponent(userId)}`, body);
  }

  /** A group's new title (null clears it). */
  rename(id: string, title: string | null): Observable<Conversation> {
    const body: UpdateConversationRequest = { title };
    return this.http.patch<Conversation>(`/conversations/${encodeURIComponent(id)}`, body);
  }
}
