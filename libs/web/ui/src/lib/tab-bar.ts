import { ChangeDetectionStrategy, Component, ElementRef, input, model, viewChildren } from '@angular/core';

export interface TabItem {
  readonly id: string;
  readonly label: string;
}

/**
 * The tab row of a WAI-ARIA tabs widget: one tab stop, arrow keys / Home / End move and select. The panels stay
 * with the parent, with ids `{prefix}-panel-{id}` labelled by the tabs `{prefix}-tab-{id}`.
 */
@Component({
  selector: 'pc-tab-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'tablist', '(keydown)': 'onKeydown($event)' },
  template: `
    @for (tab of tabs(); track tab.id) {
      <button
        #tab
        type="button"
        role="tab"
        [id]="prefix() + '-tab-' + tab.id"
        [attr.aria-selected]="selected() === tab.id"
        [attr.aria-controls]="prefix() + '-panel-' + tab.id"
        [tabIndex]="selected() === tab.id ? 0 : -1"
        (click)="selected.set(tab.id)"
      >
        {{ tab.label }}
      </button>
    }
  `,
  styles: `
    :host {
      display: grid;
      grid-auto-flow: column;
      grid-auto-columns: 1fr;
      border-bottom: 1px solid var(--pc-border);
    }
    button {
      padding: 0.6rem;
      border: 0;
      border-bottom: 3px solid transparent;
      border-radius: 0;
      background: none;
      color: var(--pc-muted);
      font-weight: 600;
    }
    button[aria-selected='true'] {
      border-bottom-color: var(--pc-accent);
      color: var(--pc-text);
    }
  `,
})
export class TabBar {
  readonly tabs = input.required<readonly TabItem[]>();
  readonly prefix = input.required<string>();
  readonly selected = model.required<string>();
  private readonly buttons = viewChildren<ElementRef<HTMLButtonElement>>('tab');

  protected onKeydown(event: KeyboardEvent): void {
    const tabs = this.tabs();
    const index = tabs.findIndex((tab) => tab.id === this.selected());
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = (target + tabs.length) % tabs.length;
    this.selected.set(tabs[next].id);
    this.buttons()[next]?.nativeElement.focus();
  }
}
