import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import type { Conversation } from '@pneumatic/contracts';
import { ChatStore } from '@pneumatic/web/data-access';

/** Mutes or unmutes the open conversation for the user: no notifications from it; its unread count stays. */
@Component({
  selector: 'pc-mute-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      type="button"
      class="secondary small"
      [attr.aria-pressed]="conversation().muted"
      [disabled]="busy()"
      [title]="conversation().muted ? 'Muted: no notifications from this conversation' : 'Stop notifications from this conversation'"
      (click)="toggle()"
    >
      {{ conversation().muted ? '🔕 Muted' : 'Mute' }}
    </button>
    @if (error(); as error) {
      <span class="error" role="alert">{{ error }}</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
    }
    .error {
      font-size: 0.75rem;
      color: var(--pc-danger);
    }
  `,
})
export class MuteButton {
  private readonly store = inject(ChatStore);
  readonly conversation = input.required<Conversation>();
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async toggle(): Promise<void> {
    this.busy.set(true);
    this.error.set(await this.store.setMuted(this.conversation().id, !this.conversation().muted));
    this.busy.set(false);
  }
}
