import { computed, inject, Injectable, signal } from '@angular/core';
import type { Attachment } from '@pneumatic/contracts';
import type { Subscription } from 'rxjs';
import { AttachmentsApi } from '../api/attachments-api';
import { describeError, problemOf } from '../http/problem';

/** A file on its way to the server, for the composer of one conversation. */
export interface Upload {
  readonly key: string;
  readonly conversationId: string;
  readonly filename: string;
  readonly size: number;
  readonly type: string;
  /** 0 to 1. */
  readonly progress: number;
  readonly status: 'uploading' | 'done' | 'failed';
  /** Why it failed, in words for the person ("The file is larger than 25 MiB"). */
  readonly error: string | null;
  readonly attachment: Attachment | null;
}

let counter = 0;

/**
 * The files the user is attaching, per conversation: each uploads at once with its progress and can be cancelled;
 * the finished ones go with the next message. A failure says why and touches nothing else (the text stays typed).
 */
@Injectable({ providedIn: 'root' })
export class Uploads {
  private readonly api = inject(AttachmentsApi);
  private readonly entries = signal<readonly Upload[]>([]);
  private readonly running = new Map<string, Subscription>();

  readonly all = this.entries.asReadonly();

  of(conversationId: string) {
    return computed(() => this.entries().filter((upload) => upload.conversationId === conversationId));
  }

  add(conversationId: string, files: readonly File[]): void {
    for (const file of files) {
      const key = `upload-${++counter}`;
      const filename = file.name || `pasted-${counter}.${(file.type.split('/')[1] ?? 'bin').replace(/[^a-z0-9]/g, '')}`;
      this.put({
        key,
        conversationId,
        filename,
        size: file.size,
        type: file.type,
        progress: 0,
        status: 'uploading',
        error: null,
        attachment: null,
      });
      const subscription = this.api.upload(file, filename).subscribe({
        next: (event) => {
          if (event.type === 'progress') this.patch(key, { progress: event.fraction });
          else this.patch(key, { progress: 1, status: 'done', attachment: event.attachment });
        },
        error: (error: unknown) => {
          this.running.delete(key);
          this.patch(key, { status: 'failed', error: uploadError(error) });
        },
        complete: () => this.running.delete(key),
      });
      this.running.set(key, subscription);
    }
  }

  /** Stops an upload in flight (the request is aborted) or drops a finished or failed one. */
  cancel(key: string): void {
    this.running.get(key)?.unsubscribe();
    this.running.delete(key);
    this.entries.update((entries) => entries.filter((upload) => upload.key !== key));
  }

  /** The finished uploads of a conversation, handed to the message being sent (they leave the composer). */
  take(conversationId: string): Attachment[] {
    const done = this.entries().filter((upload) => upload.conversationId === conversationId && upload.status === 'done');
    this.entries.update((entries) => entries.filter((upload) => !done.includes(upload)));
    return done.map((upload) => upload.attachment as Attachment);
  }

  private put(upload: Upload): void {
    this.entries.update((entries) => [...entries, upload]);
  }

  private patch(key: string, change: Partial<Upload>): void {
    this.entries.update((entries) => entries.map((upload) => (upload.key === key ? { ...upload, ...change } : upload)));
  }
}

function uploadError(error: unknown): string {
  const problem = problemOf(error);
  if (problem?.status === 413) return `Too large: ${problem.detail.replace(/^The file is larger than/, 'the limit is')}`;
  if (problem && problem.status < 500) return `Refused: ${problem.detail}`;
  return describeError(error);
}
