import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { User, UsersQuery, UsersResponse } from '@pneumatic/contracts';
import { map, type Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  /** Other people, ordered by username; `q` is a prefix of the username or full name. */
  list(query: UsersQuery = {}): Observable<readonly User[]> {
    let params = new HttpParams();
    if (query.q) params = params.set('q', query.q);
    if (query.limit !== undefined) params = params.set('limit', query.limit);
    return this.http.get<UsersResponse>('/users', { params }).pipe(map((response) => response.users));
  }
}
