import { TestBed } from '@angular/core/testing';
import type { TimelineEntry } from './chat-view';
import { MessageList } from './message-list';

/** The element or value, or a clear failure when the page lacks it. */
function must<T>(value: T | null | undefined, what = 'element'): T {
  if (value === null || value === undefined) throw new Error(`missing ${what}`);
  return value;
}

const entry = (n: number, overrides: Partial<TimelineEntry> = {}): TimelineEntry => ({
  key: `u-bob:k${n}`,
  messageId: `k${n}`,
  content: `message ${n}`,
  sender: 'Bob',
  showSender: true,
  time: new Date(2026, 10, 25, 9, n).toISOString(),
  own: false,
  state: 'sent',
  error: null,
  newDay: n === 1,
  stored: null,
  edited: false,
  deleted: false,
  ...overrides,
});

describe('MessageList', () => {
  async function render(inputs: Record<string, unknown>) {
    const fixture = TestBed.createComponent(MessageList);
    for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
    await fixture.whenStable();
    return { element: fixture.nativeElement as HTMLElement, list: fixture.componentInstance };
  }

  it('shows the messages in order inside a log, with a day separator before the first of each day', async () => {
    const { element } = await render({ entries: [entry(1), entry(2), entry(3, { newDay: true })], loaded: true });
    const log = must(element.querySelector('[role=log]'));
    expect(Array.from(log.querySelectorAll('.content')).map((p) => p.textContent)).toEqual(['message 1', 'message 2', 'message 3']);
    expect(log.querySelectorAll('pc-day-separator')).toHaveLength(2);
    expect(element.textContent).toContain('This is the beginning of the conversation.');
  });

  it('offers older messages while there are more, and says so while they load', async () => {
    const { element, list } = await render({ entries: [entry(1)], loaded: true, hasOlder: true });
    const loads = jest.fn();
    list.loadOlder.subscribe(loads);
    const button = must(Array.from(element.querySelectorAll('button')).find((b) => b.textContent?.includes('Load older messages')));
    button.click();
    expect(loads).toHaveBeenCalledTimes(1);

    const loading = await render({ entries: [entry(1)], loaded: true, hasOlder: true, loading: true });
    expect(loading.element.textContent).toContain('Loading older messages…');
  });

  it('asks to retry or discard a failed message by its key', async () => {
    const { element, list } = await render({ entries: [entry(1, { own: true, state: 'failed', error: 'No connection.' })], loaded: true });
    const retried: string[] = [];
    const discarded: string[] = [];
    list.retry.subscribe((id) => retried.push(id));
    list.discard.subscribe((id) => discarded.push(id));
    const buttons = Array.from(element.querySelectorAll<HTMLButtonElement>('[role=alert] button'));
    must(buttons.find((b) => b.textContent === 'Retry')).click();
    must(buttons.find((b) => b.textContent === 'Delete')).click();
    expect(retried).toEqual(['k1']);
    expect(discarded).toEqual(['k1']);
  });

  it('invites the first message in an empty conversation', async () => {
    const { element } = await render({ entries: [], loaded: true });
    expect(element.textContent).toContain('No messages yet. Say hello!');
  });

  it('tells whether the newest messages are in view', async () => {
    const observers: { callback: IntersectionObserverCallback; target?: Element }[] = [];
    const original = globalThis.IntersectionObserver;
    globalThis.IntersectionObserver = class {
      private readonly entry: { callback: IntersectionObserverCallback; target?: Element };
      constructor(callback: IntersectionObserverCallback) {
        this.entry = { callback };
        observers.push(this.entry);
      }
      observe(target: Element) {
        this.entry.target = target;
      }
      disconnect() {
        this.entry.target = undefined;
      }
    } as unknown as typeof IntersectionObserver;
    try {
      const fixture = TestBed.createComponent(MessageList);
      fixture.componentRef.setInput('entries', [entry(1)]);
      fixture.componentRef.setInput('loaded', true);
      const seen: boolean[] = [];
      fixture.componentInstance.viewingLatest.subscribe((viewing) => seen.push(viewing));
      await fixture.whenStable();
      const latest = must(
        observers.find((o) => o.target?.classList.contains('latest')),
        'observer of the end',
      );
      const report = (isIntersecting: boolean) =>
        latest.callback([{ isIntersecting } as IntersectionObserverEntry], {} as IntersectionObserver);
      report(false);
      report(true);
      expect(seen).toEqual([false, true]);
      fixture.destroy();
      expect(latest.target).toBeUndefined();
    } finally {
      globalThis.IntersectionObserver = original;
    }
  });
});
