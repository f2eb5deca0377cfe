import { TestBed } from '@angular/core/testing';
import { conversation } from '../../testing/factories';
import { Presence } from './presence';

describe('Presence', () => {
  let presence: Presence;

  beforeEach(() => (presence = TestBed.inject(Presence)));

  it('is seeded by the conversation list and the people looked up', () => {
    presence.fromConversations([
      conversation('c1', { presence: [{ user_id: 'u-bob', online: true, last_seen: null }] }),
      conversation('c2'), // an older server: no presence
    ]);
    presence.fromUsers([
      {
        id: 'u-carol',
        username: 'carol',
        full_name: null,
        deactivated: false,
        avatar_url: null,
        online: false,
        last_seen: '2026-11-25T09:00:00.000Z',
      },
      { id: 'u-dan', username: 'dan', full_name: null, deactivated: false, avatar_url: null },
    ]);
    expect(Object.fromEntries(presence.byId())).toEqual({
      'u-bob': { online: true, last_seen: null },
      'u-carol': { online: false, last_seen: '2026-11-25T09:00:00.000Z' },
    });
  });

  it('follows presence events, and never moves "last seen" back', () => {
    presence.fromEvent({ user_id: 'u-bob', status: 'offline', last_seen: '2026-11-25T12:00:00.000Z' });
    presence.fromEvent({ user_id: 'u-bob', status: 'online', last_seen: null });
    expect(presence.of('u-bob')).toEqual({ online: true, last_seen: '2026-11-25T12:00:00.000Z' });
    presence.fromUsers([
      {
        id: 'u-bob',
        username: 'bob',
        full_name: null,
        deactivated: false,
        avatar_url: null,
        online: false,
        last_seen: '2026-11-25T11:00:00.000Z',
      },
    ]);
    expect(presence.of('u-bob')).toEqual({ online: false, last_seen: '2026-11-25T12:00:00.000Z' });
    presence.fromEvent({ user_id: 'u-bob', status: 'offline', last_seen: '2026-11-25T13:00:00.000Z' });
    expect(presence.of('u-bob')).toEqual({ online: false, last_seen: '2026-11-25T13:00:00.000Z' });
  });

  it('does not fire for news it already had', () => {
    presence.fromEvent({ user_id: 'u-bob', status: 'online', last_seen: null });
    const before = presence.byId();
    presence.fromEvent({ user_id: 'u-bob', status: 'online', last_seen: null });
    expect(presence.byId()).toBe(before);
  });
});
