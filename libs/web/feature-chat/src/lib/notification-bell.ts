import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MessageNotifications } from '@pneumatic/web/data-access';

/** The switch for browser notifications; asking the browser's permission happens here, on a click, never on load. */
@Component({
  selector: 'pc-notification-bell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (notifications.status() !== 'unsupported') {
      <button
        type="button"
        class="bell"
        [attr.aria-label]="label()"
        [title]="label()"
        [attr.aria-pressed]="notifications.status() === 'on'"
        [disabled]="notifications.status() === 'blocked'"
        (click)="toggle()"
      >
        <span aria-hidden="true">{{ notifications.status() === 'on' ? '🔔' : '🔕' }}</span>
      </button>
    }
  `,
  styles: `
    .bell {
      padding: 0.2rem 0.4rem;
      border: 0;
      border-radius: var(--pc-radius);
      background: none;
      font-size: 1rem;
      cursor: pointer;
    }
    .bell:hover:not(:disabled) {
      background: var(--pc-surface-2);
    }
    .bell:disabled {
      opacity: 0.5;
      cursor: not-allowed;
    }
  `,
})
export class NotificationBell {
  protected readonly notifications = inject(MessageNotifications);
  protected readonly label = computed(() => {
    switch (this.notifications.status()) {
      case 'on':
        return 'Notifications on (click to turn off)';
      case 'blocked':
        return 'Notifications are blocked in this browser’s site settings';
      default:
        return 'Turn on notifications';
    }
  });

  protected toggle(): void {
    if (this.notifications.status() === 'on') this.notifications.turnOff();
    else void this.notifications.turnOn();
  }
}
