import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { FakeSocket } from '../../testing/fake-socket';
import { connectedTestBed } from '../../testing/signed-in';
import { TYPING_IDLE_MS, TYPING_REFRESH_MS, TYPING_SHOWN_MS, TypingAnnouncer, TypingIndicators } from './typing';

describe('TypingIndicators', () => {
  let typing: TypingIndicators;
  const typists = (conversationId = 'c1') => typing.byConversation().get(conversationId) ?? [];

  beforeEach(() => {
    jest.useFakeTimers();
    typing = TestBed.inject(TypingIndicators);
  });

  afterEach(() => {
    typing.clear();
    jest.useRealTimers();
  });

  it('keeps who is typing per conversation, in the order they started, until they stop', () => {
    typing.received({ conversation_id: 'c1', user_id: 'u-bob', typing: true });
    typing.received({ conversation_id: 'c1', user_id: 'u-carol', typing: true });
    typing.received({ conversation_id: 'c2', user_id: 'u-dan', typing: true });
    typing.received({ conversation_id: 'c1', user_id: 'u-bob', typing: true });
    expect(typists()).toEqual(['u-bob', 'u-carol']);
    typing.received({ conversation_id: 'c1', user_id: 'u-bob', typing: false });
    typing.stopped('c1', 'u-carol'); // their message arrived
    expect(typists()).toEqual([]);
    expect(typing.byConversation().has('c1')).toBe(false);
    expect(typists('c2')).toEqual(['u-dan']);
  });

  it('takes a line down by itself when nobody refreshes it, and each refresh gives it longer', () => {
    typing.received({ conversation_id: 'c1', user_id: 'u-bob', typing: true });
    jest.advanceTimersByTime(TYPING_SHOWN_MS - 1000);
    typing.received({ conversation_id: 'c1', user_id: 'u-bob', typing: true });
    jest.advanceTimersByTime(TYPING_SHOWN_MS - 1);
    expect(typists()).toEqual(['u-bob']);
    jest.advanceTimersByTime(1);
    expect(typists()).toEqual([]);
  });
});

describe('TypingAnnouncer', () => {
  let http: HttpTestingController;
  let socket: FakeSocket;
  let announcer: TypingAnnouncer;
  const said = () => socket.emitted.filter((e) => e.event === 'typing').map((e) => e.payload);

  beforeEach(async () => {
    ({ http, socket } = await connectedTestBed());
    announcer = TestBed.inject(TypingAnnouncer);
    jest.useFakeTimers();
  });

  afterEach(() => {
    announcer.reset();
    jest.useRealTimers();
    http.verify();
  });

  it('says "typing" at the first keystroke and again every 3 s while the user goes on, then "stopped" when idle', () => {
    announcer.typed('c1', true);
    for (let ms = 0; ms < TYPING_REFRESH_MS * 2; ms += 500) {
      jest.advanceTimersByTime(500);
      announcer.typed('c1', true);
    }
    expect(said()).toEqual([
      { conversation_id: 'c1', typing: true },
      { conversation_id: 'c1', typing: true },
      { conversation_id: 'c1', typing: true },
    ]);
    jest.advanceTimersByTime(TYPING_IDLE_MS);
    expect(said().at(-1)).toEqual({ conversation_id: 'c1', typing: false });
    jest.advanceTimersByTime(TYPING_IDLE_MS);
    expect(said()).toHaveLength(4);
  });

  it('says "stopped" when the text is emptied, sent, or the user turns to another conversation', () => {
    announcer.typed('c1', true);
    announcer.typed('c1', false);
    announcer.typed('c1', true);
    announcer.stop(); // sent
    announcer.typed('c1', true);
    announcer.typed('c2', true);
    expect(said()).toEqual([
      { conversation_id: 'c1', typing: true },
      { conversation_id: 'c1', typing: false },
      { conversation_id: 'c1', typing: true },
      { conversation_id: 'c1', typing: false },
      { conversation_id: 'c1', typing: true },
      { conversation_id: 'c1', typing: false },
      { conversation_id: 'c2', typing: true },
    ]);
    announcer.stop();
    announcer.stop();
    expect(said()).toHaveLength(8);
  });

  it('says nothing while the connection is down', () => {
    socket.drop('transport close');
    announcer.typed('c1', true);
    announcer.stop();
    expect(said()).toEqual([]);
  });
});
