import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Message, SendMessageRequest } from '@pneumatic/contracts';
import type { Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class MessagesApi {
  private readonly http = inject(HttpClient);

  /** Idempotent per sender and `message_id`: sending the same key and content again returns the same message. */
  send(request: SendMessageRequest): Observable<Message> {
    return this.http.post<Message>('/messages', request);
  }
}
