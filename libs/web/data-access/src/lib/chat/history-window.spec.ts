import { message } from '../../testing/factories';
import { extendWindow, holdsSeq, reachedNewest, windowFromPage } from './history-window';
import { EMPTY_TIMELINE, type Timeline } from './timeline';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => message('c', from + i));
const seqs = (messages: readonly { seq: number }[]) => messages.map((m) => m.seq);
const window = (from: number, to: number, overrides: Partial<Timeline> = {}): Timeline => ({
  messages: range(from, to),
  loaded: true,
  hasOlder: from > 1,
  hasNewer: false,
  ...overrides,
});

describe('the history window', () => {
  it('knows whether it holds a seq', () => {
    expect(holdsSeq(window(11, 60), 11)).toBe(true);
    expect(holdsSeq(window(11, 60), 61)).toBe(false);
    expect(holdsSeq(window(11, 60), 10)).toBe(false);
    expect(holdsSeq({ ...EMPTY_TIMELINE, messages: range(5, 5) }, 5)).toBe(false); // live messages only: not loaded
  });

  it('opens at a seq: the page from it on, older messages above, newer ones below it when there are more', () => {
    const opened = windowFromPage(EMPTY_TIMELINE, { messages: range(71, 120), has_more: true }, 'at', 71);
    expect(opened).toEqual({ messages: range(71, 120), loaded: true, hasOlder: true, hasNewer: true });
    const fromTheStart = windowFromPage(EMPTY_TIMELINE, { messages: range(1, 3), has_more: false }, 'at', 1);
    expect(fromTheStart).toMatchObject({ hasOlder: false, hasNewer: false });
  });

  it('replaces the window when it jumps, keeping only messages that arrived after a page reaching the newest', () => {
    const live = { ...EMPTY_TIMELINE, messages: [message('c', 3), message('c', 200)] };
    expect(seqs(windowFromPage(live, { messages: range(71, 120), has_more: true }, 'at', 71).messages)).toEqual(seqs(range(71, 120)));
    const newest = windowFromPage(window(71, 120, { hasNewer: true }), { messages: range(151, 200), has_more: true }, 'newest');
    expect(newest).toEqual({ messages: range(151, 200), loaded: true, hasOlder: true, hasNewer: false });
    const late = windowFromPage({ ...EMPTY_TIMELINE, messages: [message('c', 51)] }, { messages: range(1, 50), has_more: false }, 'newest');
    expect(seqs(late.messages)).toEqual(seqs(range(1, 51)));
  });

  it('grows at either end, page by page', () => {
    const older = windowFromPage(window(71, 120, { hasNewer: true }), { messages: range(21, 70), has_more: true }, 'older');
    expect(older).toMatchObject({ hasOlder: true, hasNewer: true });
    expect(seqs(older.messages)).toEqual(seqs(range(21, 120)));
    const newer = windowFromPage(window(71, 120, { hasNewer: true }), { messages: range(121, 150), has_more: false }, 'newer');
    expect(newer).toMatchObject({ hasNewer: false });
    expect(seqs(newer.messages)).toEqual(seqs(range(71, 150)));
  });

  it('takes in only what continues a window that ends before the newest, and everything into one that reaches it', () => {
    const short = window(71, 120, { hasNewer: true });
    expect(seqs(extendWindow(short, [message('c', 122), message('c', 121), message('c', 200)]))).toEqual(seqs(range(71, 122)));
    expect(extendWindow(short, [message('c', 300)])).toBe(short.messages);
    expect(seqs(extendWindow(window(1, 3), [message('c', 5)]))).toEqual([1, 2, 3, 5]); // a hole, for the catch-up to fill
  });

  it('reaches the newest once it holds the last seq', () => {
    expect(reachedNewest(window(71, 150, { hasNewer: true }), 150).hasNewer).toBe(false);
    expect(reachedNewest(window(71, 150, { hasNewer: true }), 151).hasNewer).toBe(true);
  });
});
