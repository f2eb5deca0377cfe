import { ChangeDetectionStrategy, Component } from '@angular/core';

/** The pane before a conversation is chosen (wide screens only: a phone shows the list instead). */
@Component({
  selector: 'pc-no-conversation',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div>
      <h2>Pick a conversation</h2>
      <p>Choose one on the left, find someone under People, or start a new group.</p>
    </div>
  `,
  styles: `
    :host {
      display: grid;
      flex: 1;
      place-items: center;
      padding: 1rem;
      color: var(--pc-muted);
      text-align: center;
    }
    h2 {
      color: var(--pc-text);
    }
  `,
})
export class NoConversation {}
