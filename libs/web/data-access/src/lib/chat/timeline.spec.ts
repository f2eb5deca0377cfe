import fc from 'fast-check';
import { conversation, message } from '../../testing/factories';
import {
  applyChanges,
  EMPTY_TIMELINE,
  hasGap,
  mergeMessages,
  reconcileConversation,
  syncCursor,
  withMentionChange,
  withMessage,
  withReadMarker,
} from './timeline';

const seqs = (messages: readonly { seq: number }[]) => messages.map((m) => m.seq);

describe('mergeMessages', () => {
  it('orders by seq and keeps one copy of each message id', () => {
    const held = [message('c', 2), message('c', 5)];
    const merged = mergeMessages(held, [message('c', 4), message('c', 2), message('c', 1), message('c', 4)]);
    expect(seqs(merged)).toEqual([1, 2, 4, 5]);
  });

  it('returns the very same array when nothing is new, so signals do not fire', () => {
    const held = [message('c', 1), message('c', 2)];
    expect(mergeMessages(held, [message('c', 2)])).toBe(held);
    expect(mergeMessages(held, [])).toBe(held);
  });

  it('gives the same history whatever the order and overlap of pages, live events and sync results', () => {
    // "hybrid == fresh": any interleaving of chunks of the true history, with repeats, merges to the history.
    const history = Array.from({ length: 40 }, (_, i) => message('c', i + 1));
    const chunk = fc.tuple(fc.nat(39), fc.nat(10)).map(([start, length]) => history.slice(start, start + length + 1));
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 30 }), (chunks) => {
        let held: ReturnType<typeof mergeMessages> = [];
        for (const part of [...chunks, history]) held = mergeMessages(held, part);
        expect(held).toEqual(history);
      }),
    );
  });
});

describe('the newest copy of each message (change_seq)', () => {
  const edited = (seq: number, changeSeq: number, content: string) =>
    message('c', seq, { change_seq: changeSeq, content, edited_at: '2026-11-25T13:00:00.000Z' });

  it('replaces a held copy by a newer one and never by an older one, whatever the order they arrive in', () => {
    const held = [message('c', 1), message('c', 2)];
    const newer = mergeMessages(held, [edited(1, 5, 'fixed')]);
    expect(newer.map((m) => m.content)).toEqual(['fixed', 'message 2']);
    expect(mergeMessages(newer, [message('c', 1), edited(1, 4, 'stale')])).toBe(newer);
  });

  it('applies changes inside the window held only: older ones wait for their page, nothing is added past it', () => {
    const held = [message('c', 3), message('c', 4)];
    expect(applyChanges(held, [edited(1, 9, 'older page')])).toBe(held);
    expect(applyChanges(held, [edited(4, 9, 'in view')]).map((m) => m.content)).toEqual(['message 3', 'in view']);
    expect(applyChanges([], [edited(4, 9, 'nothing held')])).toEqual([]);
  });

  it('updates the preview when the newest message changes, and not for another message', () => {
    const summary = conversation('c', { last_seq: 2, last_message: message('c', 2) });
    expect(withMessage(summary, edited(2, 7, 'new text'), 'me').last_message?.content).toBe('new text');
    expect(withMessage(summary, edited(1, 7, 'elsewhere'), 'me')).toBe(summary);
    const deleted = message('c', 2, { change_seq: 8, content: '', deleted_at: '2026-11-25T13:00:00.000Z' });
    expect(withMessage(summary, deleted, 'me').last_message).toEqual(deleted);
  });

  it('keeps the preview seen live when a copy of the conversation made before the edit arrives', () => {
    const known = conversation('c', { last_seq: 2, last_message: edited(2, 7, 'edited live') });
    const stale = conversation('c', { last_seq: 2, last_message: message('c', 2) });
    expect(reconcileConversation(known, stale).last_message?.content).toBe('edited live');
    const fresher = conversation('c', { last_seq: 2, last_message: edited(2, 9, 'edited again') });
    expect(reconcileConversation(known, fresher).last_message?.content).toBe('edited again');
  });
});

describe('syncCursor', () => {
  const loaded = (nums: number[]) => ({ messages: nums.map((n) => message('c', n)), loaded: true, hasOlder: false, hasNewer: false });

  it('continues after the last seq held without a gap', () => {
    expect(syncCursor(loaded([3, 4, 5]), conversation('c', { last_seq: 5 }))).toBe(5);
    expect(syncCursor(loaded([3, 4, 7, 8]), conversation('c', { last_seq: 8 }))).toBe(4);
  });

  it('skips what a window ending before the newest does not hold: those come page by page as the reader scrolls', () => {
    expect(syncCursor({ ...loaded([11, 12, 13]), hasNewer: true }, conversation('c', { last_seq: 120 }))).toBe(120);
  });

  it("uses the conversation's last seq before its history is loaded", () => {
    expect(syncCursor(EMPTY_TIMELINE, conversation('c', { last_seq: 12 }))).toBe(12);
    expect(syncCursor({ ...EMPTY_TIMELINE, messages: [message('c', 14)] }, conversation('c', { last_seq: 12 }))).toBe(14);
  });
});

describe('hasGap', () => {
  it('sees a skipped seq', () => {
    expect(hasGap([message('c', 1), message('c', 2)])).toBe(false);
    expect(hasGap([message('c', 1), message('c', 3)])).toBe(true);
  });
});

describe('withMessage', () => {
  const base = conversation('c', { last_seq: 3, last_read_seq: 2, unread_count: 1, updated_at: '2026-11-25T11:00:00.000Z' });

  it('moves preview, seq and activity time, and counts a message from someone else as unread', () => {
    const next = withMessage(base, message('c', 4), 'u-alice');
    expect(next).toMatchObject({ last_seq: 4, last_read_seq: 2, unread_count: 2, last_message: { seq: 4 } });
    expect(next.updated_at).toBe(message('c', 4).created_at);
  });

  it('counts nothing for a message already accounted for', () => {
    expect(withMessage(base, message('c', 3), 'u-alice')).toBe(base);
  });

  it('takes the reader’s own message as read, with everything before it', () => {
    expect(withMessage(base, message('c', 4, { sender_id: 'u-alice' }), 'u-alice')).toMatchObject({ unread_count: 0, last_read_seq: 4 });
  });

  it('counts a message behind a marker another device already moved past it as read', () => {
    const ahead = conversation('c', { last_seq: 3, last_read_seq: 5, unread_count: 0 });
    expect(withMessage(ahead, message('c', 4), 'u-alice')).toMatchObject({ last_seq: 4, last_read_seq: 5, unread_count: 0 });
  });
});

describe('unread mentions', () => {
  const base = conversation('g', { is_group: true, last_seq: 3, last_read_seq: 2, unread_count: 1, unread_mentions: 0 });
  const mentioning = (seq: number, overrides = {}) => message('g', seq, { mentions: ['u-alice'], ...overrides });

  it('counts a new message that mentions the reader, not one that mentions others or the reader’s own', () => {
    expect(withMessage(base, mentioning(4), 'u-alice').unread_mentions).toBe(1);
    expect(withMessage(base, message('g', 4, { mentions: ['u-carol'] }), 'u-alice').unread_mentions).toBe(0);
    expect(withMessage(base, mentioning(4, { sender_id: 'u-alice' }), 'u-alice').unread_mentions).toBe(0);
  });

  it('follows an edit of an unread message that adds or removes the mention, and ignores read ones', () => {
    const counted = withMessage(base, mentioning(4), 'u-alice');
    const plain = message('g', 4, { change_seq: 9 });
    expect(withMentionChange(counted, mentioning(4), plain, 'u-alice').unread_mentions).toBe(0);
    expect(withMentionChange(base, message('g', 3), mentioning(3, { change_seq: 9 }), 'u-alice').unread_mentions).toBe(1);
    expect(withMentionChange(base, message('g', 2), mentioning(2, { change_seq: 9 }), 'u-alice')).toBe(base);
  });

  it('is none once everything is read, and never more than the unread messages', () => {
    const counted = { ...base, last_seq: 5, unread_count: 3, unread_mentions: 2 };
    expect(withReadMarker(counted, 5).unread_mentions).toBe(0);
    expect(withReadMarker(counted, 4).unread_mentions).toBe(1);
  });
});

describe('withReadMarker', () => {
  const base = conversation('c', { last_seq: 8, last_read_seq: 3, unread_count: 5 });

  it('moves the marker forward and counts what lies after it', () => {
    expect(withReadMarker(base, 6)).toMatchObject({ last_read_seq: 6, unread_count: 2 });
    expect(withReadMarker(base, 8)).toMatchObject({ last_read_seq: 8, unread_count: 0 });
  });

  it('never moves it back, and returns the same object when nothing changes', () => {
    const read = withReadMarker(base, 6);
    expect(withReadMarker(read, 4)).toBe(read);
    expect(withReadMarker(read, 6)).toBe(read);
  });

  it('whatever the order markers arrive in, ends at the highest', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 20 }), (markers) => {
        const end = markers.reduce(withReadMarker, base);
        const highest = Math.max(3, ...markers);
        expect(end).toMatchObject({ last_read_seq: highest, unread_count: 8 - highest });
      }),
    );
  });
});

describe('reconcileConversation', () => {
  it('does not roll the summary back to an older copy from the server', () => {
    const known = conversation('c', { last_seq: 6, last_read_seq: 6, unread_count: 0, last_message: message('c', 6), title: 'old' });
    const stale = conversation('c', { last_seq: 5, last_read_seq: 2, unread_count: 3, last_message: message('c', 5), title: 'new' });
    expect(reconcileConversation(known, stale)).toMatchObject({ title: 'new', last_seq: 6, unread_count: 0, last_message: { seq: 6 } });
  });

  it('takes a newer copy, keeping the furthest read marker of the two', () => {
    const known = conversation('c', { last_seq: 6, last_read_seq: 6, unread_count: 0 });
    const fresh = conversation('c', { last_seq: 8, last_read_seq: 3, unread_count: 5 });
    expect(reconcileConversation(known, fresh)).toMatchObject({ last_seq: 8, last_read_seq: 6, unread_count: 2 });
    const readElsewhere = conversation('c', { last_seq: 8, last_read_seq: 8, unread_count: 0 });
    expect(reconcileConversation(known, readElsewhere)).toMatchObject({ last_read_seq: 8, unread_count: 0 });
  });
});
