import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { DayLabelPipe } from './time.pipes';

/** A line with the day's name, between messages of different days. */
@Component({
  selector: 'pc-day-separator',
  imports: [DayLabelPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span>{{ date() | pcDayLabel }}</span>`,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      margin: 0.75rem 0 0.25rem;
      font-size: 0.75rem;
      font-weight: 600;
      color: var(--pc-muted);
    }
    :host::before,
    :host::after {
      content: '';
      flex: 1;
      border-top: 1px solid var(--pc-border);
    }
  `,
})
export class DaySeparator {
  readonly date = input.required<string>();
}
