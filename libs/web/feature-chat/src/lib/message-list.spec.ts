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
  seq: n,
  content: `message ${n}`,
  senderId: 'u-bob',
  sender: 'Bob',
  showSender: true,
  runStart: true,
  time: new Date(2026, 10, 25, 9, n).toISOString(),
  own: false,
  state: 'sent',
  error: null,
  newDay: n === 1,
  firstUnread: false,
  stored: null,
  edited: false,
  deleted: false,
  senderAvatar: null,
  attachments: [],
  quote: null,
  system: false,
  mentions: [],
  mentionsMe: false,
  ...overrides,
});

/** IntersectionObserver as the test says: it records what is observed, and the test reports what is on screen. */
class FakeObserver {
  static all: FakeObserver[] = [];
  readonly targets = new Set<Element>();
  constructor(
    readonly callback: IntersectionObserverCallback,
    readonly options: IntersectionObserverInit = {},
  ) {
    FakeObserver.all.push(this);
  }
  observe(target: Element) {
    this.targets.add(target);
  }
  unobserve(target: Element) {
    this.targets.delete(target);
  }
  disconnect() {
    this.targets.clear();
  }
  /** These targets are half or more on screen; the others observed are not. */
  show(visible: readonly Element[]) {
    const entries = [...this.targets].map((target) => {
      const on = visible.includes(target);
      return {
        target,
        isIntersecting: on,
        intersectionRatio: on ? 1 : 0,
        intersectionRect: { height: on ? 40 : 0 },
        boundingClientRect: { top: 0, bottom: 0 },
        rootBounds: { top: 0, height: 400 },
      } as unknown as IntersectionObserverEntry;
    });
    this.callback(entries, this as unknown as IntersectionObserver);
  }
}

describe('MessageList', () => {
  const original = globalThis.IntersectionObserver;
  beforeEach(() => {
    FakeObserver.all = [];
    globalThis.IntersectionObserver = FakeObserver as unknown as typeof IntersectionObserver;
    HTMLElement.prototype.scrollTo = jest.fn();
  });
  afterEach(() => (globalThis.IntersectionObserver = original));

  async function render(inputs: Record<string, unknown>) {
    const fixture = TestBed.createComponent(MessageList);
    fixture.componentRef.setInput('conversationId', 'c1');
    for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement, list: fixture.componentInstance };
  }

  /** The observer of which messages are on screen (the one with thresholds). */
  const screen = () =>
    must(
      FakeObserver.all.find((observer) => Array.isArray(observer.options.threshold)),
      'screen observer',
    );

  it('shows the messages in order inside a log, with a day separator before the first of each day', async () => {
    const { element } = await render({ entries: [entry(1), entry(2), entry(3, { newDay: true })], loaded: true });
    const log = must(element.querySelector('[role=log]'));
    expect(Array.from(log.querySelectorAll('.content')).map((p) => p.textContent)).toEqual(['message 1', 'message 2', 'message 3']);
    expect(log.querySelectorAll('pc-day-separator')).toHaveLength(2);
    expect(element.textContent).toContain('This is the beginning of the conversation.');
  });

  it('puts the avatar and name of someone else at the start of each of their runs, and the "New messages" line', async () => {
    const entries = [
      entry(1),
      entry(2, { showSender: false, runStart: false }),
      entry(3, { own: true, showSender: false, senderId: 'u-me', sender: 'You', key: 'u-me:k3' }),
      entry(4, { firstUnread: true }),
    ];
    const { element } = await render({ entries, loaded: true, firstUnreadSeq: 4 });
    const rows = Array.from(element.querySelectorAll('li.message, li.unread-divider'));
    expect(rows.map((row) => (row.classList.contains('unread-divider') ? 'new' : row.querySelector('pc-avatar') ? 'avatar' : '-'))).toEqual(
      ['avatar', '-', '-', 'new', 'avatar'],
    );
    expect(element.querySelector('.unread-divider')?.textContent?.trim()).toBe('New messages');
  });

  it('offers older and newer messages while there are more, and says so while they load', async () => {
    const { element, list } = await render({ entries: [entry(1)], loaded: true, hasOlder: true, hasNewer: true });
    const older = jest.fn();
    const newer = jest.fn();
    list.loadOlder.subscribe(older);
    list.loadNewer.subscribe(newer);
    const button = (label: string) =>
      must(
        Array.from(element.querySelectorAll('button')).find((b) => b.textContent?.includes(label)),
        label,
      );
    button('Load older messages').click();
    button('Load newer messages').click();
    expect([older.mock.calls.length, newer.mock.calls.length]).toEqual([1, 1]);

    const loading = await render({ entries: [entry(1)], loaded: true, hasOlder: true, loadingOlder: true });
    expect(loading.element.textContent).toContain('Loading older messages…');
  });

  it('shows a system message as a quiet line of its own, without a bubble, sender or actions', async () => {
    const { element } = await render({ entries: [entry(1), entry(2, { system: true, content: 'bob added carol' }), entry(3)] });
    const line = must(element.querySelector('li.system-line'), 'the system line');
    expect(line.textContent?.trim()).toBe('bob added carol');
    expect(line.querySelector('pc-message-bubble, pc-avatar, button')).toBeNull();
    expect(element.querySelectorAll('li.message pc-message-bubble')).toHaveLength(2);
  });

  it('asks to retry or discard a failed message by its key', async () => {
    const failed = entry(1, { own: true, seq: null, state: 'failed', error: 'No connection.' });
    const { element, list } = await render({ entries: [failed], loaded: true });
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

  it('reports the highest message on screen, and nothing before the history is in place', async () => {
    const seen: number[] = [];
    const { fixture, element } = await render({ entries: [entry(1), entry(2), entry(3)], loaded: false });
    fixture.componentInstance.visibleSeq.subscribe((seq) => seen.push(seq));
    const row = (seq: number) => must(element.querySelector(`[data-seq="${seq}"]`), `row ${seq}`);
    screen().show([row(3)]); // live messages while the page is on its way
    await fixture.whenStable();
    expect(seen).toEqual([]);

    fixture.componentRef.setInput('loaded', true);
    await fixture.whenStable();
    screen().show([row(1), row(2)]);
    await fixture.whenStable();
    screen().show([row(2), row(3)]);
    await fixture.whenStable();
    // Once placed it starts afresh (0: nothing known on screen yet), then follows what is shown.
    expect(seen.filter((seq) => seq > 0)).toEqual([2, 3]);
    fixture.destroy();
    expect(screen().targets.size).toBe(0);
  });

  it('asks for the window of the newest messages when it does not hold them', async () => {
    const { fixture, element, list } = await render({ entries: [entry(1)], loaded: true, hasNewer: true });
    const jumps = jest.fn();
    list.jumpToLatest.subscribe(jumps);
    await fixture.whenStable();
    must(
      Array.from(element.querySelectorAll('button')).find((b) => b.textContent?.includes('Jump to latest')),
      'jump',
    ).click();
    expect(jumps).toHaveBeenCalledTimes(1);
  });
});
