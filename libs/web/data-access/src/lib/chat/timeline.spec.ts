import fc from 'fast-check';
import { conversation, message } from '../../testing/factories';
import { EMPTY_TIMELINE, hasGap, mergeMessages, reconcileConversation, syncCursor, withMessage } from './timeline';

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

describe('syncCursor', () => {
  const loaded = (nums: number[]) => ({ messages: nums.map((n) => message('c', n)), loaded: true, hasOlder: false });

  it('continues after the last seq held without a gap', () => {
    expect(syncCursor(loaded([3, 4, 5]), conversation('c', { last_seq: 5 }))).toBe(5);
    expect(syncCursor(loaded([3, 4, 7, 8]), conversation('c', { last_seq: 8 }))).toBe(4);
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
  const base = conversation('c', { last_seq: 3, unread_count: 1, updated_at: '2026-11-25T11:00:00.000Z' });

  it('moves preview, seq and activity time, and counts a message from someone else as unread', () => {
    const next = withMessage(base, message('c', 4), 'u-alice', false);
    expect(next).toMatchObject({ last_seq: 4, unread_count: 2, last_message: { seq: 4 } });
    expect(next.updated_at).toBe(message('c', 4).created_at);
  });

  it('counts nothing for a message already accounted for', () => {
    expect(withMessage(base, message('c', 3), 'u-alice', false)).toBe(base);
  });

  it('clears the unread count for the reader’s own message or while they are reading', () => {
    expect(withMessage(base, message('c', 4, { sender_id: 'u-alice' }), 'u-alice', false)).toMatchObject({
      unread_count: 0,
      last_read_seq: 4,
    });
    expect(withMessage(base, message('c', 4), 'u-alice', true)).toMatchObject({ unread_count: 0, last_read_seq: 4 });
  });
});

describe('reconcileConversation', () => {
  it('does not roll the summary back to an older copy from the server', () => {
    const known = conversation('c', { last_seq: 6, unread_count: 0, last_message: message('c', 6), title: 'old' });
    const stale = conversation('c', { last_seq: 5, unread_count: 3, last_message: message('c', 5), title: 'new' });
    expect(reconcileConversation(known, stale)).toMatchObject({ title: 'new', last_seq: 6, unread_count: 0, last_message: { seq: 6 } });
  });

  it('takes a newer copy, growing the unread count only by what is new', () => {
    const known = conversation('c', { last_seq: 6, unread_count: 0 });
    const fresh = conversation('c', { last_seq: 8, unread_count: 5 });
    expect(reconcileConversation(known, fresh)).toMatchObject({ last_seq: 8, unread_count: 2 });
  });
});
