import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, NotMemberError, ValidationFailedError } from '../../core/errors';
import { DomainEvents, type DomainEventMap } from '../../core/events/domain-events';
import { FakeConversationsRepository } from '../../../test/fakes/conversations.repository.fake';
import { FakeGroupsRepository } from '../../../test/fakes/groups.repository.fake';
import { FakeMessageChangesRepository, FakeMessagesRepository } from '../../../test/fakes/messages.repository.fake';
import { FakeUsersRepository } from '../../../test/fakes/users.repository.fake';
import { createTestService, provide } from '../../../test/test-service';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { ConversationsService } from '../conversations/conversations.service';
import { MessageChangesRepository } from '../messages/message-changes.repository';
import { MessageFeed } from '../messages/message-feed';
import { MessagesRepository } from '../messages/messages.repository';
import { UsersRepository } from '../users/users.repository';
import { GroupsRepository } from './groups.repository';
import { GroupsService } from './groups.service';

type Heard = {
  [K in 'message.created' | 'conversation.members-added' | 'conversation.members-removed' | 'conversation.updated']: DomainEventMap[K];
};

describe('GroupsService', () => {
  let sut: GroupsService;
  let conversations: FakeConversationsRepository;
  let messages: FakeMessagesRepository;
  let users: FakeUsersRepository;
  let heard: { name: keyof Heard; event: Heard[keyof Heard] }[];
  let room: string;
  let [alice, bob, carol, dave] = ['', '', '', ''];

  const addUser = async (username: string) =>
    (await users.insert({ id: randomUUID(), username, fullName: null, passwordHash: 'h', createdAt: new Date() })).id;
  const members = () => (conversations.members.get(room) ?? []).map((m) => [m.userId, m.role]);
  const contents = () => messages.rows.filter((m) => m.conversation_id === room).map((m) => m.content);
  const names = () => heard.map(({ name }) => name);

  beforeEach(async () => {
    conversations = new FakeConversationsRepository();
    messages = new FakeMessagesRepository(conversations);
    users = new FakeUsersRepository();
    const events = new DomainEvents();
    heard = [];
    for (const name of ['message.created', 'conversation.members-added', 'conversation.members-removed', 'conversation.updated'] as const) {
      events.on(name, (event) => heard.push({ name, event }));
    }
    sut = await createTestService(GroupsService, [
      provide(ConversationsRepository, conversations),
      provide(MessagesRepository, messages),
      provide(MessageChangesRepository, new FakeMessageChangesRepository(messages)),
      provide(UsersRepository, users),
      provide(GroupsRepository, new FakeGroupsRepository(conversations, messages, users)),
      { provide: DomainEvents, useValue: events },
      ConversationsService,
      MessageFeed,
    ]);
    [alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map(addUser));
    room = randomUUID();
    const now = new Date();
    const entity = {
      id: room,
      title: 'Team',
      isGroup: true,
      directKey: null,
      lastSeq: 0,
      lastChangeSeq: 0,
      createdAt: now,
      updatedAt: now,
    };
    await conversations.create(entity, [alice, bob], [alice]);
  });

  it('adds people (ignoring those in) with one system message, announcing the added, then the message, then the others', async () => {
    const view = await sut.addMembers(alice, room, [carol, bob, carol]);
    expect(view.members).toEqual([alice, bob, carol]);
    expect(contents()).toEqual(['alice added carol']);
    expect(messages.rows[0]).toMatchObject({
      kind: 'system',
      sender_id: alice,
      system: { type: 'member_added', actor_id: alice, user_ids: [carol], title: null },
    });
    expect(names()).toEqual(['conversation.members-added', 'message.created', 'conversation.updated']);
    const created = heard[1].event as DomainEventMap['message.created'];
    expect(created.memberIds).toEqual([alice, bob, carol]);
    expect([...(heard[2].event as DomainEventMap['conversation.updated']).views.keys()]).toEqual([alice, bob]);
  });

  it('changes nothing when everyone named is already in', async () => {
    await sut.addMembers(alice, room, [bob]);
    expect(contents()).toEqual([]);
    expect(heard).toEqual([]);
  });

  it('refuses unknown users (naming them), the member limit, non-admins, outsiders and 1-on-1s, writing nothing', async () => {
    const unknown = randomUUID();
    await expect(sut.addMembers(alice, room, [carol, unknown])).rejects.toThrow(
      new ValidationFailedError([{ field: 'user_ids', message: `unknown user ids: ${unknown}` }]),
    );
    await expect(sut.addMembers(bob, room, [carol])).rejects.toThrow(ForbiddenError);
    await expect(sut.addMembers(carol, room, [dave])).rejects.toThrow(NotMemberError);
    await expect(sut.addMembers(alice, randomUUID(), [carol])).rejects.toThrow(NotFoundError);
    const many = await Promise.all(Array.from({ length: 255 }, (_, i) => addUser(`filler${i}`)));
    await expect(sut.addMembers(alice, room, many)).rejects.toThrow(/at most 256 members; it has 2, and 255 would join/);
    const direct = randomUUID();
    const now = new Date();
    await conversations.create(
      { id: direct, title: null, isGroup: false, directKey: 'k', lastSeq: 0, lastChangeSeq: 0, createdAt: now, updatedAt: now },
      [alice, bob],
    );
    await expect(sut.addMembers(alice, direct, [carol])).rejects.toThrow(ValidationFailedError);
    await expect(sut.removeMember(alice, direct, alice)).rejects.toThrow(ValidationFailedError);
    expect(members()).toEqual([
      [alice, 'admin'],
      [bob, 'member'],
    ]);
    expect(messages.rows).toEqual([]);
  });

  it('removes a member (admins only) and tells them first; anyone leaves', async () => {
    await sut.addMembers(alice, room, [carol]);
    heard = [];
    await expect(sut.removeMember(bob, room, carol)).rejects.toThrow('Only an admin of the group can remove members');
    await sut.removeMember(alice, room, carol);
    expect(names()).toEqual(['conversation.members-removed', 'message.created', 'conversation.updated']);
    expect((heard[1].event as DomainEventMap['message.created']).memberIds).toEqual([alice, bob]);
    await sut.removeMember(bob, room, bob);
    expect(contents()).toEqual(['alice added carol', 'alice removed carol', 'bob left']);
    await expect(sut.removeMember(alice, room, dave)).rejects.toThrow(NotFoundError);
  });

  it('makes the longest-standing member an admin when the last admin leaves', async () => {
    await sut.addMembers(alice, room, [carol]);
    await sut.removeMember(alice, room, alice);
    expect(members()).toEqual([
      [bob, 'admin'],
      [carol, 'member'],
    ]);
    expect(contents().slice(-2)).toEqual(['alice left', 'bob is now an admin']);
  });

  it('changes roles (admins only); the last admin cannot demote themself; the same role changes nothing', async () => {
    await expect(sut.setRole(alice, room, alice, 'member')).rejects.toThrow(ConflictError);
    await expect(sut.setRole(bob, room, bob, 'admin')).rejects.toThrow(ForbiddenError);
    await sut.setRole(alice, room, bob, 'admin');
    await sut.setRole(alice, room, bob, 'admin');
    await sut.setRole(alice, room, alice, 'member');
    expect(members()).toEqual([
      [alice, 'member'],
      [bob, 'admin'],
    ]);
    expect(contents()).toEqual(['alice made bob an admin', 'alice is no longer an admin']);
  });

  it('renames (admins only), cleaning the title; the same title, or null twice, changes nothing', async () => {
    await expect(sut.rename(bob, room, 'Mine')).rejects.toThrow(ForbiddenError);
    expect((await sut.rename(alice, room, '  Trip\u200b ')).title).toBe('Trip');
    await sut.rename(alice, room, 'Trip');
    await sut.rename(alice, room, '   ');
    await sut.rename(alice, room, null);
    expect(contents()).toEqual(['alice renamed the group to “Trip”', 'alice removed the group name']);
  });
});
