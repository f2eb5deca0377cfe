import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** The states of the real-time connection, as the data layer reports them. */
export type ConnectionIndicatorState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

const LABELS: Record<ConnectionIndicatorState, string> = {
  idle: 'Offline',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
};

/** A dot and a word for the real-time connection, announced politely when it changes. */
@Component({
  selector: 'pc-connection-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'status', '[attr.data-state]': 'state()' },
  template: `<span class="dot" aria-hidden="true"></span>{{ label() }}`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      font-size: 0.8rem;
      color: var(--pc-muted);
    }
    .dot {
      flex: none;
      width: 0.55rem;
      height: 0.55rem;
      border-radius: 50%;
      background: var(--pc-muted);
    }
    :host([data-state='connected']) .dot {
      background: var(--pc-ok);
    }
    :host([data-state='reconnecting']) .dot,
    :host([data-state='connecting']) .dot {
      background: var(--pc-warn);
      animation: pulse 1.2s ease-in-out infinite;
    }
    :host([data-state='reconnecting']) {
      color: var(--pc-warn-text);
      font-weight: 600;
    }
    @keyframes pulse {
      50% {
        opacity: 0.3;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .dot {
        animation: none !important;
      }
    }
  `,
})
export class ConnectionStatus {
  readonly state = input.required<ConnectionIndicatorState>();
  protected readonly label = computed(() => LABELS[this.state()]);
}
