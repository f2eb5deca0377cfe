import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** The number of unread messages, or nothing when there are none. */
@Component({
  selector: 'pc-unread-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (count() > 0) {
      <span class="badge" aria-hidden="true">{{ label() }}</span>
      <span class="pc-visually-hidden">{{ count() }} unread</span>
    }
  `,
  styles: `
    .badge {
      display: inline-block;
      min-width: 1.4rem;
      padding: 0.1rem 0.45rem;
      border-radius: 999px;
      background: var(--pc-accent);
      color: var(--pc-accent-contrast);
      font-size: 0.75rem;
      font-weight: 700;
      text-align: center;
      line-height: 1.2rem;
    }
  `,
})
export class UnreadBadge {
  readonly count = input(0);
  protected readonly label = computed(() => (this.count() > 99 ? '99+' : String(this.count())));
}
