import { ChangeDetectionStrategy, Component, effect, ElementRef, input, output, viewChild } from '@angular/core';
import type { Attachment } from '@pneumatic/contracts';

/** An image full size, in a native modal `<dialog>` (Escape or the button closes it), with a link to download it. */
@Component({
  selector: 'pc-image-viewer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog #dialog aria-label="Image" (close)="closed.emit()">
      @if (image(); as file) {
        <header>
          <span class="name">{{ file.filename }}</span>
          <a [href]="file.url" [attr.download]="file.filename">Download</a>
          <button type="button" class="icon" aria-label="Close" (click)="dialog.close()">✕</button>
        </header>
        <img [src]="file.url" [alt]="file.filename" [attr.width]="file.width" [attr.height]="file.height" />
      }
    </dialog>
  `,
  styles: `
    dialog {
      max-width: calc(100vw - 2rem);
      max-height: calc(100dvh - 2rem);
      padding: 0.5rem;
      border: none;
      border-radius: var(--pc-radius);
      background: var(--pc-bg);
      color: var(--pc-text);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.75);
    }
    header {
      display: flex;
      align-items: center;
      gap: 1rem;
      margin-bottom: 0.5rem;
    }
    .name {
      flex: 1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    img {
      display: block;
      max-width: calc(100vw - 3rem);
      max-height: calc(100dvh - 6rem);
      width: auto;
      height: auto;
      object-fit: contain;
    }
  `,
})
export class ImageViewer {
  readonly image = input<Attachment | null>(null);
  readonly closed = output<void>();
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  constructor() {
    effect(() => {
      const dialog = this.dialog().nativeElement;
      if (this.image() && !dialog.open) dialog.showModal();
      else if (!this.image() && dialog.open) dialog.close();
    });
  }
}
