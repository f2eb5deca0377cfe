import { effect, type ElementRef, type Signal } from '@angular/core';

/** How far ahead of either end of the held history the next page is fetched. */
export const LOAD_AHEAD_PX = 300;

/**
 * Fetches the next page when the button at one end of the history comes within reach of the view — or is still
 * within reach after a page came, so a short page is followed by the next. Call in an injection context.
 */
export function watchEdge(
  button: Signal<ElementRef<HTMLElement> | undefined>,
  scroller: Signal<ElementRef<HTMLElement>>,
  edge: 'top' | 'bottom',
  ready: () => boolean,
  load: () => void,
): void {
  effect((onCleanup) => {
    const element = button()?.nativeElement;
    if (!element || !ready() || typeof IntersectionObserver === 'undefined') return;
    const margin = edge === 'top' ? `${LOAD_AHEAD_PX}px 0px 0px 0px` : `0px 0px ${LOAD_AHEAD_PX}px 0px`;
    const observer = new IntersectionObserver((changes) => changes.some((change) => change.isIntersecting) && load(), {
      root: scroller().nativeElement,
      rootMargin: margin,
    });
    observer.observe(element);
    onCleanup(() => observer.disconnect());
  });
}
