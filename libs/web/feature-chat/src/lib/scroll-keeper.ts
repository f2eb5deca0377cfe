/** Above this distance from the newest message, the history offers to jump back to it. */
export const FAR_FROM_LATEST_PX = 400;
/** Room left above a message the view is placed at (the "New messages" line). */
const PLACE_MARGIN_PX = 8;

/**
 * Keeps the reader's place in a history scroller laid out as a reversed column (`column-reverse`: scrollTop 0 is the
 * newest end, and grows negative going back). Such a column keeps its newest end still when rows are added, which is
 * right while following the conversation at its newest, and wrong otherwise: a page added below the view would push
 * what the reader is looking at out of it. So the row at the top of the view is remembered (`record`, on every
 * scroll) and put back where it was after the rows change (`restore`).
 */
export class ScrollKeeper {
  private anchor: { readonly key: string; readonly offset: number } | null = null;

  constructor(private readonly scroller: HTMLElement) {}

  /** At the newest end (within a couple of pixels). */
  atLatest(): boolean {
    return this.scroller.scrollTop >= -2;
  }

  farFromLatest(): boolean {
    return this.scroller.scrollTop < -FAR_FROM_LATEST_PX;
  }

  /** Remembers the first row whose bottom is below the top of the view, and how far down it is. */
  record(): void {
    const rows = this.scroller.querySelectorAll<HTMLElement>('[data-key]');
    const top = this.scroller.getBoundingClientRect().top;
    // The rows are in order: the first one reaching into the view, by bisection.
    let low = 0;
    let high = rows.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (rows[middle].getBoundingClientRect().bottom > top) {
        found = middle;
        high = middle - 1;
      } else low = middle + 1;
    }
    const row = rows[found];
    this.anchor = row?.dataset['key'] ? { key: row.dataset['key'], offset: row.getBoundingClientRect().top - top } : null;
  }

  /** Puts the remembered row back where it was; a row no longer there leaves the view as it is. */
  restore(): void {
    if (!this.anchor) return;
    const key = this.anchor.key;
    const row = Array.from(this.scroller.querySelectorAll<HTMLElement>('[data-key]')).find((candidate) => candidate.dataset['key'] === key);
    if (!row) return;
    const shift = row.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top - this.anchor.offset;
    if (Math.abs(shift) >= 1) this.scroller.scrollTop += shift;
  }

  scrollToLatest(behavior: ScrollBehavior): void {
    this.scroller.scrollTo({ top: 0, behavior });
  }

  /** Scrolls so that `element` is in the middle of the view (as far as the history allows). */
  placeInMiddle(element: HTMLElement): void {
    const view = this.scroller.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    const shift = box.top - view.top - Math.max(PLACE_MARGIN_PX, (view.height - box.height) / 2);
    this.scroller.scrollTo({ top: this.scroller.scrollTop + shift, behavior: 'instant' });
  }

  /** Scrolls so that `element` is at the top of the view (as far as the history allows). */
  placeAtTop(element: HTMLElement, behavior: ScrollBehavior = 'instant'): void {
    const shift = element.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top - PLACE_MARGIN_PX;
    this.scroller.scrollTo({ top: this.scroller.scrollTop + shift, behavior });
  }
}
