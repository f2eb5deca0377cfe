import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Account, Attachment } from '@pneumatic/contracts';
import { Observable } from 'rxjs';
import { Session } from '../auth/session';

/** What an upload reports: how far it is (0 to 1), then the stored file. */
export type UploadEvent =
  | { readonly type: 'progress'; readonly fraction: number }
  | { readonly type: 'done'; readonly attachment: Attachment };

@Injectable({ providedIn: 'root' })
export class AttachmentsApi {
  private readonly http = inject(HttpClient);
  private readonly session = inject(Session);

  /**
   * Uploads one file (multipart field `file`) with its progress; unsubscribing aborts it. Through XMLHttpRequest, as
   * the app's fetch-based HttpClient cannot report upload progress. Fails with an HttpErrorResponse carrying the problem.
   */
  upload(file: Blob, filename: string): Observable<UploadEvent> {
    return new Observable<UploadEvent>((subscriber) => {
      const request = new XMLHttpRequest();
      let aborted = false;
      request.upload.onprogress = (event) => {
        if (event.lengthComputable) subscriber.next({ type: 'progress', fraction: event.loaded / event.total });
      };
      request.onload = () => {
        const body = parse(request.responseText);
        if (request.status === 201) {
          subscriber.next({ type: 'done', attachment: body as Attachment });
          subscriber.complete();
        } else {
          subscriber.error(new HttpErrorResponse({ status: request.status, error: body, url: '/attachments' }));
        }
      };
      request.onerror = () => subscriber.error(new HttpErrorResponse({ status: 0, url: '/attachments' }));
      void this.session.validToken().then((token) => {
        if (aborted) return;
        const form = new FormData();
        form.append('file', file, filename);
        request.open('POST', '/attachments');
        if (token) request.setRequestHeader('Authorization', `Bearer ${token}`);
        request.send(form);
      });
      return () => {
        aborted = true;
        if (request.readyState !== XMLHttpRequest.DONE) request.abort();
      };
    });
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

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
