import type { TypingEvent } from '@pneumatic/contracts';
import { TYPING_EXPIRY_MS, TYPING_THROTTLE_MS, TypingRelay } from './typing-relay';

describe('TypingRelay', () => {
  let relay: TypingRelay;
  let sent: TypingEvent[];
  const send = (event: TypingEvent) => sent.push(event);

  beforeEach(() => {
    jest.useFakeTimers();
    relay = new TypingRelay();
    sent = [];
  });
  afterEach(() => {
    relay.onModuleDestroy();
    jest.useRealTimers();
  });

  it('relays the start, throttles refreshes, and turns itself off after 5 s of silence', () => {
    relay.update('u', 'c', true, send);
    relay.update('u', 'c', true, send);
    expect(sent).toEqual([{ conversation_id: 'c', user_id: 'u', typing: true }]);
    jest.advanceTimersByTime(TYPING_THROTTLE_MS);
    relay.update('u', 'c', true, send);
    expect(sent).toHaveLength(2);
    jest.advanceTimersByTime(TYPING_EXPIRY_MS);
    expect(sent[2]).toEqual({ conversation_id: 'c', user_id: 'u', typing: false });
    expect(relay.activeCount).toBe(0);
  });

  it('relays a stop at once, and only for someone who was typing', () => {
    relay.update('u', 'c', false, send);
    expect(sent).toEqual([]);
    relay.update('u', 'c', true, send);
    relay.update('u', 'c', false, send);
    expect(sent.map((e) => e.typing)).toEqual([true, false]);
    jest.advanceTimersByTime(TYPING_EXPIRY_MS * 2);
    expect(sent).toHaveLength(2);
    expect(relay.activeCount).toBe(0);
  });
});
