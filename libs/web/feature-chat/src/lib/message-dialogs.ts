import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal } from '@angular/core';
import type { Message, MessageRevision } from '@pneumatic/contracts';
import { describeError, MessageEdits } from '@pneumatic/web/data-access';
import { FullTimePipe, ModalDialog } from '@pneumatic/web/ui';

/** Asks before deleting one of the user's messages; says why when the server refuses. */
@Component({
  selector: 'pc-delete-message-dialog',
  imports: [ModalDialog],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <pc-modal-dialog heading="Delete this message?" [open]="message() !== null" (closed)="closed.emit()">
      <p>It is deleted for everyone in the conversation. This cannot be undone.</p>
      @if (message(); as message) {
        <blockquote>{{ message.content }}</blockquote>
      }
      @if (error(); as error) {
        <p class="error" role="alert">{{ error }}</p>
      }
      <div class="buttons">
        <button type="button" class="secondary" (click)="closed.emit()">Cancel</button>
        <button type="button" class="danger" [disabled]="deleting()" (click)="confirm()">Delete</button>
      </div>
    </pc-modal-dialog>
  `,
  styles: `
    blockquote {
      margin: 0 0 1rem;
      padding: 0.5rem 0.75rem;
      border-left: 3px solid var(--pc-border);
      color: var(--pc-muted);
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      max-height: 8rem;
      overflow-y: auto;
    }
    .buttons {
      display: flex;
      justify-content: flex-end;
      gap: 0.5rem;
    }
    .error {
      color: var(--pc-danger);
    }
  `,
})
export class DeleteMessageDialog {
  private readonly edits = inject(MessageEdits);
  /** The message to delete; null keeps the dialog closed. */
  readonly message = input<Message | null>(null);
  readonly closed = output<void>();
  protected readonly error = signal<string | null>(null);
  protected readonly deleting = signal(false);

  constructor() {
    effect(() => {
      this.message();
      this.error.set(null);
    });
  }

  protected async confirm(): Promise<void> {
    const message = this.message();
    if (!message) return;
    this.deleting.set(true);
    const refusal = await this.edits.delete(message);
    this.deleting.set(false);
    if (refusal) this.error.set(refusal);
    else this.closed.emit();
  }
}

/** The earlier texts of an edited message, oldest first, and the current one. */
@Component({
  selector: 'pc-revisions-dialog',
  imports: [FullTimePipe, ModalDialog],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <pc-modal-dialog heading="Edit history" [open]="message() !== null" (closed)="closed.emit()">
      @if (error(); as error) {
        <p class="error" role="alert">{{ error }}</p>
      } @else if (revisions(); as revisions) {
        <ol>
          @for (revision of revisions; track $index) {
            <li>
              <p>{{ revision.content }}</p>
              <small>Replaced {{ revision.edited_at | pcFullTime }}</small>
            </li>
          }
          @if (message(); as message) {
            <li class="current">
              <p>{{ message.content }}</p>
              <small>Now{{ message.edited_at ? ' (edited ' + (message.edited_at | pcFullTime) + ')' : '' }}</small>
            </li>
          }
        </ol>
      } @else {
        <p role="status">Loading…</p>
      }
    </pc-modal-dialog>
  `,
  styles: `
    ol {
      display: flex;
      flex-direction: column;
      gap: 0.75rem;
      margin: 0;
      padding: 0;
      list-style: none;
      max-height: 60dvh;
      overflow-y: auto;
    }
    p {
      margin: 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    small {
      color: var(--pc-muted);
    }
    .current p {
      font-weight: 600;
    }
    .error {
      color: var(--pc-danger);
    }
  `,
})
export class RevisionsDialog {
  private readonly edits = inject(MessageEdits);
  readonly message = input<Message | null>(null);
  readonly closed = output<void>();
  protected readonly revisions = signal<readonly MessageRevision[] | null>(null);
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      const message = this.message();
      this.revisions.set(null);
      this.error.set(null);
      if (!message) return;
      this.edits.revisions(message).then(
        (revisions) => this.message()?.id === message.id && this.revisions.set(revisions),
        (error: unknown) => this.message()?.id === message.id && this.error.set(describeError(error)),
      );
    });
  }
}
