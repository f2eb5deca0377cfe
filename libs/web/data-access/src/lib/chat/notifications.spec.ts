import { conversation, message } from '../../testing/factories';
import { deservesNotification } from './notifications';

describe('deservesNotification', () => {
  const direct = conversation('c1', { is_group: false, members: ['u-me', 'u-bob'] });
  const group = conversation('g1', { is_group: true, members: ['u-me', 'u-bob', 'u-carol'] });
  const fromBob = message('c1', 3, { sender_id: 'u-bob' });
  const away = { visible: false, focused: false };

  it('notifies of someone else’s message in a 1-on-1 while the tab is hidden or in the background', () => {
    expect(deservesNotification(fromBob, direct, 'u-me', away)).toBe(true);
    expect(deservesNotification(fromBob, direct, 'u-me', { visible: true, focused: false })).toBe(true);
  });

  it('notifies of a group message only when it mentions the person, and never in a muted group', () => {
    const mentioning = message('g1', 2, { sender_id: 'u-bob', mentions: ['u-carol', 'u-me'] });
    expect(deservesNotification(mentioning, group, 'u-me', away)).toBe(true);
    expect(deservesNotification(message('g1', 3, { sender_id: 'u-bob', mentions: ['u-carol'] }), group, 'u-me', away)).toBe(false);
    expect(deservesNotification(mentioning, { ...group, muted: true }, 'u-me', away)).toBe(false);
    expect(deservesNotification(mentioning, group, 'u-me', { visible: true, focused: true })).toBe(false);
  });

  it('stays quiet while the person is looking, for their own messages, for unknown or muted conversations and for groups', () => {
    expect(deservesNotification(fromBob, direct, 'u-me', { visible: true, focused: true })).toBe(false);
    expect(deservesNotification(message('c1', 4, { sender_id: 'u-me' }), direct, 'u-me', away)).toBe(false);
    expect(deservesNotification(fromBob, undefined, 'u-me', away)).toBe(false);
    expect(deservesNotification(fromBob, { ...direct, muted: true }, 'u-me', away)).toBe(false);
    expect(deservesNotification(message('g1', 1, { sender_id: 'u-bob' }), group, 'u-me', away)).toBe(false);
  });
});
