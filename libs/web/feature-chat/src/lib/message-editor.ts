import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  input,
  linkedSignal,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { isBlankContent, LIMITS, type Message } from '@pneumatic/contracts';
import { MessageEdits } from '@pneumatic/web/data-access';

/**
 * Edits one of the user's messages in place: Enter saves, Shift+Enter starts a new line, Escape cancels. A refusal
 * (the edit window passed, the message changed meanwhile on another device) is said under the field, which keeps
 * the text typed.
 */
@Component({
  selector: 'pc-message-editor',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form (submit)="$event.preventDefault(); save()">
      <label [for]="fieldId" class="pc-visually-hidden">Edit your message</label>
      <textarea
        #field
        [id]="fieldId"
        [value]="text()"
        [attr.aria-invalid]="error() ? 'true' : null"
        [attr.aria-describedby]="fieldId + '-help'"
        (input)="text.set($any($event.target).value)"
        (keydown)="onKeydown($event)"
      ></textarea>
      <p class="help" [id]="fieldId + '-help'">
        @if (error(); as error) {
          <span class="error" role="alert">{{ error }}</span>
        } @else {
          <span>Enter to save · Escape to cancel</span>
        }
        <span class="actions">
          <button type="button" class="link" (click)="done.emit()">Cancel</button>
          <button type="submit" class="primary" [disabled]="!canSave() || saving()">Save</button>
        </span>
      </p>
    </form>
  `,
  styles: `
    :host {
      display: block;
      align-self: flex-end;
      width: min(36rem, 100%);
    }
    textarea {
      width: 100%;
      min-height: 2.6rem;
      max-height: 12rem;
      resize: none;
      field-sizing: content;
    }
    .help {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      align-items: center;
      gap: 0.25rem 0.75rem;
      margin: 0.25rem 0 0;
      font-size: 0.75rem;
      color: var(--pc-muted);
    }
    .error {
      color: var(--pc-danger);
    }
    .actions {
      display: inline-flex;
      align-items: center;
      gap: 0.75rem;
    }
  `,
})
export class MessageEditor {
  private readonly edits = inject(MessageEdits);
  readonly message = input.required<Message>();
  /** Saved, cancelled, or nothing to save. */
  readonly done = output<void>();

  protected readonly fieldId = `pc-edit-${Math.random().toString(36).slice(2, 8)}`;
  protected readonly text = linkedSignal(() => this.message().content);
  protected readonly error = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly canSave = computed(() => !isBlankContent(this.text()) && [...this.text()].length <= LIMITS.contentMax);
  private readonly field = viewChild.required<ElementRef<HTMLTextAreaElement>>('field');

  constructor() {
    afterNextRender(() => {
      const field = this.field().nativeElement;
      field.focus();
      field.setSelectionRange(field.value.length, field.value.length);
    });
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.done.emit();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.save();
    }
  }

  protected async save(): Promise<void> {
    if (!this.canSave() || this.saving()) return;
    const content = this.text().trimEnd();
    if (content === this.message().content) return this.done.emit();
    this.saving.set(true);
    const refusal = await this.edits.edit(this.message(), content);
    this.saving.set(false);
    if (refusal) this.error.set(refusal);
    else this.done.emit();
  }
}
