import type { Message } from '@pneumatic/contracts';
import { DomainEvents } from '../../core/events/domain-events';
import type { ConversationsService } from '../conversations/conversations.service';
import type { MessageChangesRepository } from './message-changes.repository';
import { MessageFeed } from './message-feed';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => ((resolve = yes), (reject = no)));
  return { promise, resolve, reject };
}

const message = (seq: number): Message =>
  ({ id: `m${seq}`, conversation_id: 'c1', seq, change_seq: seq, content: `${seq}` }) as unknown as Message;

describe('MessageFeed', () => {
  let events: DomainEvents;
  let feed: MessageFeed;
  let announced: number[];
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    events = new DomainEvents();
    announced = [];
    events.on('message.created', ({ message: created }) => announced.push(created.seq));
    const conversations = {
      membersOf: async () => ['u1', 'u2'],
      forgetMembers: () => undefined,
      viewsFor: async () => new Map(),
    } as unknown as ConversationsService;
    feed = new MessageFeed(conversations, {} as MessageChangesRepository, events);
  });

  it('commits the sends of one conversation side by side (one group commit) and announces them in order', async () => {
    const commits = [deferred<Message>(), deferred<Message>(), deferred<Message>()];
    let started = 0;
    const appended = commits.map((commit) =>
      feed.append('c1', Date.now(), () => {
        started++;
        return commit.promise;
      }),
    );
    // No send waited for the one before it to commit.
    expect(started).toBe(3);
    commits[2].resolve(message(3));
    commits[1].resolve(message(2));
    await settle();
    expect(announced).toEqual([]);
    commits[0].resolve(message(1));
    await expect(Promise.all(appended)).resolves.toHaveLength(3);
    expect(announced).toEqual([1, 2, 3]);
  });

  it('passes on the failure of a send that failed while the one before it was still under way', async () => {
    const first = deferred<Message>();
    const appended = [
      feed.append('c1', Date.now(), () => first.promise),
      feed.append('c1', Date.now(), () => Promise.reject(new Error('refused'))),
    ];
    await settle();
    first.resolve(message(1));
    await expect(appended[0]).resolves.toMatchObject({ seq: 1 });
    await expect(appended[1]).rejects.toThrow('refused');
    expect(announced).toEqual([1]);
  });

  it('commits a send made during a change of the conversation only once that change is done', async () => {
    const change = deferred<null>();
    const changed = feed.changeConversation('c1', () => change.promise);
    let started = false;
    const appended = feed.append('c1', Date.now(), async () => {
      started = true;
      return message(5);
    });
    await settle();
    expect(started).toBe(false);
    change.resolve(null);
    await changed;
    await expect(appended).resolves.toMatchObject({ seq: 5 });
    expect(started).toBe(true);
  });
});
