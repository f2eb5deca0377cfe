import { DestroyRef, Directive, effect, ElementRef, inject, Injectable, input, signal } from '@angular/core';

/** Where the "New messages" line is, seen from the scroller. */
export type DividerPosition = 'absent' | 'above' | 'on-screen' | 'below';

/** What is watched: a stored message by its seq, or the "New messages" line. */
export type Watched = number | 'divider';

/** A message counts as shown once half of it is on screen (or, taller than the screen, once it fills half of it). */
export function isShown(
  entry: Pick<IntersectionObserverEntry, 'isIntersecting' | 'intersectionRatio' | 'intersectionRect' | 'rootBounds'>,
): boolean {
  if (!entry.isIntersecting) return false;
  return entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= (entry.rootBounds?.height ?? Infinity) / 2;
}

/** The highest seq among those shown (0 for none). */
export const highestShown = (shown: ReadonlySet<number>): number => Math.max(0, ...shown);

/**
 * Which messages of the history are on screen, by IntersectionObserver over the scroller: the highest seq shown (what
 * the reader has in front of them, and so has read), and where the "New messages" line is. Provided by MessageList,
 * which attaches it to its scroller; the rows register through `[pcWatched]`.
 */
@Injectable()
export class ScreenWatch {
  private observer: IntersectionObserver | null = null;
  private readonly watched = new Map<Element, Watched>();
  private readonly shown = new Set<number>();
  private readonly topSeq = signal(0);
  private readonly divider = signal<DividerPosition>('absent');

  /** The highest seq of a message shown now (0: none). */
  readonly highestSeq = this.topSeq.asReadonly();
  readonly dividerPosition = this.divider.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.observer?.disconnect());
  }

  /** Starts watching within `root` (browsers without IntersectionObserver report nothing as shown). */
  attach(root: HTMLElement): void {
    if (this.observer || typeof IntersectionObserver === 'undefined') return;
    this.observer = new IntersectionObserver((entries) => this.update(entries), { root, threshold: [0, 0.5, 1] });
    for (const element of this.watched.keys()) this.observer.observe(element);
  }

  /** Forgets what was on screen and asks again (after the view was moved: what was seen before it says nothing). */
  refresh(): void {
    this.shown.clear();
    this.topSeq.set(0);
    for (const element of this.watched.keys()) {
      this.observer?.unobserve(element);
      this.observer?.observe(element);
    }
  }

  watch(element: Element, what: Watched): void {
    this.watched.set(element, what);
    this.observer?.observe(element);
  }

  unwatch(element: Element): void {
    const what = this.watched.get(element);
    this.watched.delete(element);
    this.observer?.unobserve(element);
    if (what === 'divider') this.divider.set('absent');
    else if (what !== undefined && this.shown.delete(what)) this.topSeq.set(highestShown(this.shown));
  }

  private update(entries: readonly IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const what = this.watched.get(entry.target);
      if (what === undefined) continue;
      if (what === 'divider') {
        const above = entry.boundingClientRect.bottom <= (entry.rootBounds?.top ?? 0);
        this.divider.set(entry.isIntersecting ? 'on-screen' : above ? 'above' : 'below');
      } else if (isShown(entry)) this.shown.add(what);
      else this.shown.delete(what);
    }
    this.topSeq.set(highestShown(this.shown));
  }
}

/** Registers a row of the history with the list's ScreenWatch: a stored message by its seq, or the "New messages" line. */
@Directive({ selector: '[pcWatched]' })
export class WatchedRow {
  readonly pcWatched = input.required<Watched | null>();

  constructor() {
    const watch = inject(ScreenWatch);
    const element = inject<ElementRef<Element>>(ElementRef).nativeElement;
    effect((onCleanup) => {
      const what = this.pcWatched();
      if (what === null) return;
      watch.watch(element, what);
      onCleanup(() => watch.unwatch(element));
    });
  }
}
