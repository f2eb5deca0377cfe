import { HttpClient, HttpEvent } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Account, Attachment } from '@pneumatic/contracts';
import type { Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class AttachmentsApi {
  private readonly http = inject(HttpClient);

  /** Uploads one file (multipart field `file`), reporting progress; unsubscribing cancels the upload. */
  upload(file: Blob, filename: string): Observable<HttpEvent<Attachment>> {
    const form = new FormData();
    form.append('file', file, filename);
    return this.http.post<Attachment>('/attachments', form, { reportProgress: true, observe: 'events' });
  }

  setAvatar(file: Blob, filename: string): Observable<Account> {
    const form = new FormData();
    form.append('file', file, filename);
    return this.http.put<Account>('/auth/me/avatar', form);
  }

  removeAvatar(): Observable<void> {
    return this.http.delete<void>('/auth/me/avatar');
  }
}
