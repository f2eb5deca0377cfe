import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { EditMessageRequest, Message, MessageRevision, RevisionsResponse, SendMessageRequest } from '@pneumatic/contracts';
import { map, type Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class MessagesApi {
  private readonly http = inject(HttpClient);

  /** Idempotent per sender and `message_id`: sending the same key and content again returns the same message. */
  send(request: SendMessageRequest): Observable<Message> {
    return this.http.post<Message>('/messages', request);
  }

  /** Edits the caller's message; with `expected_change_seq`, refused (409 EDIT_CONFLICT) if it changed since. */
  edit(id: string, request: EditMessageRequest): Observable<Message> {
    return this.http.patch<Message>(`/messages/${encodeURIComponent(id)}`, request);
  }

  /** Deletes the caller's message (it stays as a tombstone). */
  delete(id: string): Observable<void> {
    return this.http.delete<void>(`/messages/${encodeURIComponent(id)}`);
  }

  /** Adds the caller's reaction with one emoji (idempotent); the message as it is now. */
  react(id: string, emoji: string): Observable<Message> {
    return this.http.put<Message>(reactionPath(id, emoji), null);
  }

  /** Takes the caller's reaction away (idempotent); the message as it is now. */
  unreact(id: string, emoji: string): Observable<Message> {
    return this.http.delete<Message>(reactionPath(id, emoji));
  }

  /** The texts before each edit, oldest first. */
  revisions(id: string): Observable<readonly MessageRevision[]> {
    return this.http.get<RevisionsResponse>(`/messages/${encodeURIComponent(id)}/revisions`).pipe(map((response) => response.revisions));
  }
}

const reactionPath = (id: string, emoji: string) => `/messages/${encodeURIComponent(id)}/reactions/${encodeURIComponent(emoji)}`;
