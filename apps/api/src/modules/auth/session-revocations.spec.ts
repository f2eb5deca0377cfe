import { DomainEvents, type EndedSession } from '../../core/events/domain-events';
import { RedisService } from '../../core/redis/redis.service';
import { FakeSessionsRepository } from '../../../test/fakes/sessions.repository.fake';
import { testConfig } from '../../../test/test-service';
import { REVOCATION_POLL_MS, SessionRevocations } from './session-revocations';
import type { SessionsRepository } from './sessions.repository';

/** Two instances over one database and no Redis: what one ends, the other learns from the database. */
describe('SessionRevocations', () => {
  const config = testConfig({ ACCESS_TOKEN_TTL: '10m' });
  let rows: FakeSessionsRepository;
  const instances: SessionRevocations[] = [];
  const announced = new Map<SessionRevocations, EndedSession[]>();

  const instance = async () => {
    const events = new DomainEvents();
    const revocations = new SessionRevocations(rows as unknown as SessionsRepository, new RedisService(config), events, config);
    const seen: EndedSession[] = [];
    events.on('sessions.ended', ({ sessions }) => seen.push(...sessions));
    announced.set(revocations, seen);
    await revocations.onModuleInit();
    instances.push(revocations);
    return revocations;
  };
  const endInDatabase = (id: string, endedAt: Date) =>
    rows.rows.set(id, {
      id,
      userId: 'u1',
      createdAt: endedAt,
      lastUsedAt: endedAt,
      expiresAt: new Date(endedAt.getTime() + 86_400_000),
      userAgent: null,
      endedAt,
      endReason: 'revoked',
    });

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    rows = new FakeSessionsRepository();
  });
  afterEach(() => {
    for (const revocations of instances.splice(0)) revocations.onModuleDestroy();
    jest.useRealTimers();
  });

  it('refuses a recorded session at once and announces it once', async () => {
    const here = await instance();
    const ended = { sessionId: 's1', userId: 'u1', reason: 'logout' } as const;
    here.record([ended], new Date());
    here.record([ended], new Date());
    expect(here.reasonFor('s1')).toBe('logout');
    expect(here.reasonFor('s2')).toBeNull();
    expect(announced.get(here)).toEqual([ended]);
  });

  it('rebuilds the set from the database at start: endings younger than an access token, not older ones', async () => {
    endInDatabase('recent', new Date(Date.now() - 5 * 60_000));
    endInDatabase('old', new Date(Date.now() - 11 * 60_000));
    const started = await instance();
    expect(started.reasonFor('recent')).toBe('revoked');
    expect(started.reasonFor('old')).toBeNull();
  });

  it('learns of an ending elsewhere from the database within one poll, and announces it for its own sockets', async () => {
    const other = await instance();
    endInDatabase('elsewhere', new Date());
    expect(other.reasonFor('elsewhere')).toBeNull();
    await jest.advanceTimersByTimeAsync(REVOCATION_POLL_MS);
    expect(other.reasonFor('elsewhere')).toBe('revoked');
    expect(announced.get(other)).toEqual([{ sessionId: 'elsewhere', userId: 'u1', reason: 'revoked' }]);
  });

  it('forgets an ending once every token issued before it has expired', async () => {
    const here = await instance();
    here.record([{ sessionId: 's1', userId: 'u1', reason: 'revoked' }], new Date());
    await jest.advanceTimersByTimeAsync(10 * 60_000 - REVOCATION_POLL_MS);
    expect(here.reasonFor('s1')).toBe('revoked');
    await jest.advanceTimersByTimeAsync(2 * REVOCATION_POLL_MS);
    expect(here.reasonFor('s1')).toBeNull();
    expect(here.size).toBe(0);
  });
});
