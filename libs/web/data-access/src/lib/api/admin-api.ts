import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AdminUsersQuery, User, UsersResponse } from '@pneumatic/contracts';
import { map, type Observable } from 'rxjs';

/** `/admin/*`: for administrators only (anyone else gets 403). */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  /** Everyone, deactivated users included, by username; `q` is a prefix of the username or full name. */
  users(query: AdminUsersQuery = {}): Observable<readonly User[]> {
    let params = new HttpParams();
    if (query.q) params = params.set('q', query.q);
    if (query.limit !== undefined) params = params.set('limit', query.limit);
    return this.http.get<UsersResponse>('/admin/users', { params }).pipe(map((response) => response.users));
  }

  deactivate(userId: string): Observable<User> {
    return this.http.post<User>(`/admin/users/${encodeURIComponent(userId)}/deactivate`, null);
  }

  reactivate(userId: string): Observable<User> {
    return this.http.post<User>(`/admin/users/${encodeURIComponent(userId)}/reactivate`, null);
  }
}
