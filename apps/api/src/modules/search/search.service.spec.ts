import type { Message } from '@pneumatic/contracts';
import { randomUUID } from 'node:crypto';
import { NotFoundError, NotMemberError, ValidationFailedError } from '../../core/errors';
import { FakeConversationsRepository } from '../../../test/fakes/conversations.repository.fake';
import { FakeUsersRepository } from '../../../test/fakes/users.repository.fake';
import { createTestService, provide, type PublicOf } from '../../../test/test-service';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { ConversationsService } from '../conversations/conversations.service';
import { UsersRepository } from '../users/users.repository';
import { MessageSearchRepository, type SearchCriteria, type SearchRow } from './message-search.repository';
import { encodeCursor } from './search-cursor';
import { SearchService } from './search.service';

/** Answers with the rows it is given, and remembers what it was asked. */
class FakeMessageSearchRepository implements PublicOf<MessageSearchRepository> {
  readonly asked: SearchCriteria[] = [];
  rows: SearchRow[] = [];

  async search(criteria: SearchCriteria): Promise<SearchRow[]> {
    this.asked.push(criteria);
    return this.rows.slice(0, criteria.limit);
  }
}

describe('SearchService', () => {
  let sut: SearchService;
  let repository: FakeMessageSearchRepository;
  const [alice, bob] = [randomUUID(), randomUUID()];
  const room = randomUUID();
  const row = (docId: number, content: string): SearchRow => ({
    docId,
    message: { id: randomUUID(), conversation_id: room, sender_id: bob, seq: docId, content } as Message,
  });

  beforeEach(async () => {
    const conversations = new FakeConversationsRepository();
    repository = new FakeMessageSearchRepository();
    sut = await createTestService(SearchService, [
      provide(ConversationsRepository, conversations),
      provide(UsersRepository, new FakeUsersRepository()),
      provide(MessageSearchRepository, repository),
      ConversationsService,
    ]);
    const now = new Date();
    await conversations.create(
      { id: room, title: null, isGroup: true, directKey: null, lastSeq: 0, lastChangeSeq: 0, createdAt: now, updatedAt: now },
      [alice],
    );
  });

  it('asks for one more than a page, and gives a cursor only when there is more', async () => {
    repository.rows = [row(30, 'a cat'), row(20, 'the cats'), row(10, 'cat')];
    const page = await sut.searchMessages(alice, { q: 'Cat', limit: 2 });
    expect(repository.asked[0]).toMatchObject({ callerId: alice, limit: 3, terms: [{ words: ['cat'], prefix: true }], usernames: [] });
    expect(page.results.map((r) => [r.snippet, r.highlights])).toEqual([
      ['a cat', [[2, 5]]],
      ['the cats', [[4, 8]]],
    ]);
    expect(page.next_cursor).toBe(encodeCursor(20));
    expect((await sut.searchMessages(alice, { q: 'cat', limit: 3 })).next_cursor).toBeNull();
  });

  it('passes the filters and the cursor on', async () => {
    await sut.searchMessages(alice, {
      q: 'x from:Bob',
      conversation_id: room,
      from: bob,
      before: '2026-12-04T10:00:00Z',
      after: '2026-12-01T00:00:00Z',
      cursor: encodeCursor(99),
    });
    expect(repository.asked[0]).toMatchObject({
      conversationId: room,
      senderId: bob,
      usernames: ['bob'],
      before: new Date('2026-12-04T10:00:00Z'),
      after: new Date('2026-12-01T00:00:00Z'),
      beforeDocId: 99,
      limit: 21,
    });
  });

  it('finds nothing without asking the database when q holds no word', async () => {
    expect(await sut.searchMessages(alice, { q: '* - " :' })).toEqual({ results: [], next_cursor: null });
    expect(repository.asked).toEqual([]);
  });

  it('refuses a blank q and a cursor it never gave, as validation errors', async () => {
    await expect(sut.searchMessages(alice, { q: '   ' })).rejects.toBeInstanceOf(ValidationFailedError);
    await expect(sut.searchMessages(alice, { q: 'a', cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(ValidationFailedError);
  });

  it('refuses a conversation the caller is not in (403) or that does not exist (404)', async () => {
    await expect(sut.searchMessages(bob, { q: 'a', conversation_id: room })).rejects.toBeInstanceOf(NotMemberError);
    await expect(sut.searchMessages(alice, { q: 'a', conversation_id: randomUUID() })).rejects.toBeInstanceOf(NotFoundError);
    expect(repository.asked).toEqual([]);
  });
});
