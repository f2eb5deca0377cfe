import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { Attachment } from '@pneumatic/contracts';
import { fileKind, fileSize } from './file-size';

/** A message's files: images as thumbnails that open the viewer, anything else as a card to download. */
@Component({
  selector: 'pc-attachment-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul>
      @for (file of attachments(); track file.id) {
        <li>
          @if (file.thumbnail_url) {
            <button type="button" class="thumbnail" [attr.aria-label]="'View ' + file.filename" (click)="view.emit(file)">
              <img
                [src]="file.thumbnail_url"
                [alt]="file.filename"
                [attr.width]="box(file).width"
                [attr.height]="box(file).height"
                loading="lazy"
              />
            </button>
          } @else {
            <a class="card" [href]="file.url" [attr.download]="file.filename" rel="noopener">
              <span class="icon" aria-hidden="true">📄</span>
              <span class="name">{{ file.filename }}</span>
              <span class="facts">{{ kind(file) }} · {{ size(file.size) }}</span>
            </a>
          }
        </li>
      }
    </ul>
  `,
  styles: `
    ul {
      list-style: none;
      margin: 0.25rem 0 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
    }
    .thumbnail {
      padding: 0;
      border: 1px solid var(--pc-border);
      border-radius: var(--pc-radius);
      overflow: hidden;
      background: var(--pc-surface-2);
      cursor: zoom-in;
      line-height: 0;
    }
    .thumbnail img {
      display: block;
      max-width: min(320px, 70vw);
      height: auto;
    }
    .card {
      display: grid;
      grid-template-columns: auto 1fr;
      grid-template-rows: auto auto;
      column-gap: 0.5rem;
      align-items: center;
      min-width: 12rem;
      max-width: 20rem;
      padding: 0.5rem 0.75rem;
      border: 1px solid var(--pc-border);
      border-radius: var(--pc-radius);
      background: var(--pc-surface-2);
      color: inherit;
      text-decoration: none;
    }
    .card .icon {
      grid-row: span 2;
      font-size: 1.5rem;
    }
    .card .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font-weight: 600;
    }
    .card .facts {
      font-size: 0.8rem;
      color: var(--pc-muted);
    }
  `,
})
export class AttachmentList {
  readonly attachments = input.required<readonly Attachment[]>();
  /** An image was chosen: show it full size. */
  readonly view = output<Attachment>();
  protected readonly size = fileSize;
  protected readonly kind = (file: Attachment) => fileKind(file.content_type, file.filename);

  /** The thumbnail's size (at most 320 px, never enlarged), reserved before it loads so the history does not jump. */
  protected box(file: Attachment): { width: number | null; height: number | null } {
    if (!file.width || !file.height) return { width: null, height: null };
    const scale = Math.min(1, 320 / Math.max(file.width, file.height));
    return { width: Math.round(file.width * scale), height: Math.round(file.height * scale) };
  }
}
