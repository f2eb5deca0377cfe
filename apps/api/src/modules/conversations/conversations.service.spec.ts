import { randomUUID } from 'node:crypto';
import { NotFoundError, NotMemberError, ValidationFailedError } from '../../core/errors';
import { DomainEvents, type DomainEventMap } from '../../core/events/domain-events';
import { FakeConversationsRepository } from '../../../test/fakes/conversations.repository.fake';
import { FakeUsersRepository } from '../../../test/fakes/users.repository.fake';
import { createTestService, provide, testConfig } from '../../../test/test-service';
import { UsersRepository } from '../users/users.repository';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService, directKeyOf } from './conversations.service';

describe('ConversationsService', () => {
  let sut: ConversationsService;
  let conversations: FakeConversationsRepository;
  let users: FakeUsersRepository;
  let events: DomainEvents;
  let announced: DomainEventMap['conversation.members-added'][];

  const addUser = async () => (await users.insert({ id: randomUUID(), username: randomUUID().slice(0, 8), fullName: null, passwordHash: 'h', createdAt: new Date() })).id;

  beforeEach(async () => {
    conversations = new FakeConversationsRepository();
    users = new FakeUsersRepository();
    events = new DomainEvents();
    announced = [];
    events.on('conversation.members-added', (event) => announced.push(event));
    sut = await createTestService(ConversationsService, [
      provide(ConversationsRepository, conversations),
      provide(UsersRepository, users),
      { provide: DomainEvents, useValue: events },
    ]);
  });

  it('opens one 1-on-1 per pair, whoever asks, and announces it once', async () => {
    const [a, b] = [await addUser(), await addUser()];
    const first = await sut.create(a, { member_ids: [b] });
    const second = await sut.create(b, { member_ids: [a, b] });
    expect(first.created).toBe(true);
    expect(second).toEqual({ conversation: expect.objectContaining({ id: first.conversation.id }), created: false });
    expect(conversations.conversations.get(first.conversation.id)?.directKey).toBe(directKeyOf(a, b));
    expect(announced).toEqual([{ conversationId: first.conversation.id, userIds: [a, b], views: expect.any(Map) }]);
    expect([...(announced[0].views?.keys() ?? [])]).toEqual([a, b]);
  });

  it('makes a group of anything else, keeps the title cleaned, and drops duplicate ids', async () => {
    const [a, b, c] = [await addUser(), await addUser(), await addUser()];
    const { conversation } = await sut.create(a, { member_ids: [b, c, b, a], title: ' \u202eRoom ' });
    expect(conversation).toMatchObject({ is_group: true, title: 'Room', members: [a, b, c] });
  });

  it('refuses unknown members, oversized groups and a 1-on-1 of three', async () => {
    const [a, b, c] = [await addUser(), await addUser(), await addUser()];
    await expect(sut.create(a, { member_ids: [randomUUID()] })).rejects.toThrow(ValidationFailedError);
    await expect(sut.create(a, { member_ids: Array.from({ length: 256 }, () => randomUUID()) })).rejects.toThrow(ValidationFailedError);
    await expect(sut.create(a, { member_ids: [b, c], is_group: false })).rejects.toThrow(ValidationFailedError);
    expect(conversations.conversations.size).toBe(0);
    expect(announced).toEqual([]);
  });

  it('moves a read marker forward only, never past the newest message, and announces only real moves', async () => {
    const [a, b] = [await addUser(), await addUser()];
    const { conversation } = await sut.create(a, { member_ids: [b], is_group: true });
    (conversations.conversations.get(conversation.id) as { lastSeq: number }).lastSeq = 5;
    const reads: number[] = [];
    events.on('conversation.read', ({ seq }) => reads.push(seq));
    expect((await sut.markRead(b, conversation.id, 3)).last_read_seq).toBe(3);
    expect((await sut.markRead(b, conversation.id, 1)).last_read_seq).toBe(3);
    expect((await sut.markRead(b, conversation.id, 99)).last_read_seq).toBe(5);
    expect(reads).toEqual([3, 5]);
  });

  it('tells a non-member 403 and anyone 404 for a conversation that does not exist', async () => {
    const [a, b, outsider] = [await addUser(), await addUser(), await addUser()];
    const { conversation } = await sut.create(a, { member_ids: [b] });
    await expect(sut.get(outsider, conversation.id)).rejects.toThrow(NotMemberError);
    await expect(sut.get(a, randomUUID())).rejects.toThrow(NotFoundError);
    await expect(sut.get(b, conversation.id)).resolves.toMatchObject({ id: conversation.id });
  });

  describe('member lists for the send path', () => {
    it('asks the database once per conversation, then answers membership from the cache', async () => {
      const [a, b] = [await addUser(), await addUser()];
      const { conversation } = await sut.create(a, { member_ids: [b], is_group: true });
      const memberIds = jest.spyOn(conversations, 'memberIds');
      const membership = jest.spyOn(conversations, 'membership');
      expect(await sut.membersOf(conversation.id)).toEqual([a, b]);
      expect(await sut.membersOf(conversation.id)).toEqual([a, b]);
      await sut.requireMember(conversation.id, b);
      expect(memberIds).toHaveBeenCalledTimes(1);
      expect(membership).not.toHaveBeenCalled();
      // Someone outside still gets the database's answer (403, or 404 for no conversation).
      await expect(sut.requireMember(conversation.id, await addUser())).rejects.toThrow(NotMemberError);
    });

    it('forgets a conversation whose members change', async () => {
      const [a, b] = [await addUser(), await addUser()];
      const { conversation } = await sut.create(a, { member_ids: [b], is_group: true });
      await sut.membersOf(conversation.id);
      const memberIds = jest.spyOn(conversations, 'memberIds');
      events.emit('conversation.members-added', { conversationId: conversation.id, userIds: [b] });
      await sut.membersOf(conversation.id);
      expect(memberIds).toHaveBeenCalledTimes(1);
    });

    it('keeps no cache when several instances share the database (REDIS_URL)', async () => {
      const shared = await createTestService(
        ConversationsService,
        [provide(ConversationsRepository, conversations), provide(UsersRepository, users), { provide: DomainEvents, useValue: events }],
        testConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }),
      );
      const [a, b] = [await addUser(), await addUser()];
      const { conversation } = await shared.create(a, { member_ids: [b], is_group: true });
      const memberIds = jest.spyOn(conversations, 'memberIds');
      await shared.membersOf(conversation.id);
      await shared.membersOf(conversation.id);
      expect(memberIds).toHaveBeenCalledTimes(2);
    });
  });
});
