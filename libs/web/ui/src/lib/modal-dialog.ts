import { ChangeDetectionStrategy, Component, effect, ElementRef, input, output, viewChild } from '@angular/core';

let nextId = 0;

/**
 * A modal built on the native `<dialog>`: the browser keeps focus inside it, Escape closes it, and the page
 * behind it is inert. Open it by binding `open`; it reports every way it closes through `closed`.
 */
@Component({
  selector: 'pc-modal-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog #dialog [attr.aria-labelledby]="titleId" (close)="closed.emit()">
      <header>
        <h2 [id]="titleId">{{ heading() }}</h2>
        <button type="button" class="icon" aria-label="Close" (click)="dialog.close()">✕</button>
      </header>
      <ng-content />
    </dialog>
  `,
  styles: `
    dialog {
      width: min(28rem, calc(100vw - 1.5rem));
      max-height: calc(100dvh - 2rem);
      padding: 1rem 1.25rem 1.25rem;
      border: 1px solid var(--pc-border);
      border-radius: var(--pc-radius);
      background: var(--pc-bg);
      color: var(--pc-text);
      box-shadow: 0 1rem 3rem rgb(0 0 0 / 0.3);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.45);
    }
    header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      margin-bottom: 0.75rem;
    }
    h2 {
      margin: 0;
      font-size: 1.15rem;
    }
  `,
})
export class ModalDialog {
  readonly heading = input.required<string>();
  readonly open = input(false);
  readonly closed = output<void>();
  protected readonly titleId = `pc-dialog-title-${nextId++}`;
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  constructor() {
    effect(() => {
      const dialog = this.dialog().nativeElement;
      if (this.open() && !dialog.open) dialog.showModal();
      if (!this.open() && dialog.open) dialog.close();
    });
  }
}
