import type { Message, MessagesPage } from '@pneumatic/contracts';
import { mergeMessages, type Timeline } from './timeline';

/**
 * How a page of history lands in the window: `newest` (the latest page: jumping to the latest, or opening a
 * conversation with nothing unread), `at` (the page from a seq on: opening at the first unread), which both replace
 * the window, and `older` / `newer`, which extend it at either end.
 */
export type PageKind = 'newest' | 'at' | 'older' | 'newer';

/** The window holds `seq` (the first unread, say), so it can be shown without fetching anything. */
export function holdsSeq(timeline: Timeline, seq: number): boolean {
  const { messages } = timeline;
  return timeline.loaded && messages.length > 0 && messages[0].seq <= seq && seq <= messages[messages.length - 1].seq;
}

/**
 * Messages from anywhere (live, sync, an ack) taken into the window. A window that reaches the newest takes them
 * all (a hole left by a missed one is for the catch-up to fill); one that ends before the newest takes only what
 * continues it without a hole, as what lies beyond comes page by page when the reader gets there.
 */
export function extendWindow(timeline: Timeline, incoming: readonly Message[]): readonly Message[] {
  if (!timeline.hasNewer) return mergeMessages(timeline.messages, incoming);
  let last = timeline.messages.at(-1)?.seq ?? 0;
  const continuing: Message[] = [];
  for (const message of [...incoming].sort((a, b) => a.seq - b.seq)) {
    if (message.seq > last + 1) break;
    continuing.push(message);
    last = Math.max(last, message.seq);
  }
  return mergeMessages(timeline.messages, continuing);
}

/** The window once a page has come back; `from` is the seq an `at` page starts at. */
export function windowFromPage(held: Timeline, page: MessagesPage, kind: PageKind, from = 1): Timeline {
  const pageLast = page.messages.at(-1)?.seq ?? 0;
  // Messages held here that are newer than a page reaching the newest arrived after it was made: keep them.
  const arrivedSince = held.messages.filter((message) => message.seq > pageLast);
  switch (kind) {
    case 'older':
      return { ...held, messages: mergeMessages(held.messages, page.messages), hasOlder: page.has_more };
    case 'newer':
      return { ...held, messages: extendWindow(held, page.messages), hasNewer: page.has_more };
    case 'newest':
      return { messages: mergeMessages(page.messages, arrivedSince), loaded: true, hasOlder: page.has_more, hasNewer: false };
    case 'at':
      return {
        messages: page.has_more ? page.messages : mergeMessages(page.messages, arrivedSince),
        loaded: true,
        hasOlder: (page.messages[0]?.seq ?? from) > 1,
        hasNewer: page.has_more,
      };
  }
}

/** A window that ended before the newest and now holds up to it: it reaches the newest. */
export function reachedNewest(timeline: Timeline, lastSeq: number): Timeline {
  const lastHeld = timeline.messages.at(-1)?.seq ?? 0;
  return timeline.hasNewer && lastHeld >= lastSeq ? { ...timeline, hasNewer: false } : timeline;
}
