import { DomainEvents } from './domain-events';

describe('DomainEvents', () => {
  it('delivers to every listener, even when one throws, and stops after unsubscribe', () => {
    const events = new DomainEvents();
    const seen: string[] = [];
    events.on('conversation.members-added', () => {
      throw new Error('boom');
    });
    const off = events.on('conversation.members-added', (event) => seen.push(event.conversationId));
    events.emit('conversation.members-added', { conversationId: 'c1', userIds: [] });
    off();
    events.emit('conversation.members-added', { conversationId: 'c2', userIds: [] });
    expect(seen).toEqual(['c1']);
  });
});
