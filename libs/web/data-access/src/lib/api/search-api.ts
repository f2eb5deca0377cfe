import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { SearchMessagesQuery, SearchMessagesResponse } from '@pneumatic/contracts';
import type { Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class SearchApi {
  private readonly http = inject(HttpClient);

  /** The messages the caller can read that match `q`, newest first; pass `next_cursor` back as `cursor` for more. */
  messages(query: SearchMessagesQuery): Observable<SearchMessagesResponse> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params = params.set(key, value);
    return this.http.get<SearchMessagesResponse>('/search/messages', { params });
  }
}
