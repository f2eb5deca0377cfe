import { DomainEvents } from '../../core/events/domain-events';
import { OFFLINE_GRACE_MS, PresenceService } from './presence.service';
import { MemoryPresenceStore } from './presence.store';

describe('PresenceService', () => {
  let sut: PresenceService;
  let changes: { userId: string; online: boolean }[];

  beforeEach(() => {
    jest.useFakeTimers();
    const events = new DomainEvents();
    changes = [];
    events.on('presence.changed', ({ userId, online }) => changes.push({ userId, online }));
    sut = new PresenceService(new MemoryPresenceStore(), events);
  });
  afterEach(() => {
    sut.onModuleDestroy();
    jest.useRealTimers();
  });

  it('announces online at the first device and offline after the last one has been gone for the grace period', async () => {
    await sut.deviceConnected('u', 'phone');
    await sut.deviceConnected('u', 'laptop');
    await sut.deviceDisconnected('u', 'phone');
    expect(changes).toEqual([{ userId: 'u', online: true }]);
    await sut.deviceDisconnected('u', 'laptop');
    expect(changes).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(OFFLINE_GRACE_MS);
    expect(changes).toEqual([
      { userId: 'u', online: true },
      { userId: 'u', online: false },
    ]);
    expect(sut.pendingCount).toBe(0);
  });

  it('says nothing when the last device comes back within the grace period (a reload)', async () => {
    await sut.deviceConnected('u', 'tab-1');
    await sut.deviceDisconnected('u', 'tab-1');
    await jest.advanceTimersByTimeAsync(OFFLINE_GRACE_MS / 2);
    await sut.deviceConnected('u', 'tab-2');
    await jest.advanceTimersByTimeAsync(OFFLINE_GRACE_MS * 2);
    expect(changes).toEqual([{ userId: 'u', online: true }]);
    expect(sut.pendingCount).toBe(0);
  });

  it('ignores a device it never counted', async () => {
    await sut.deviceDisconnected('u', 'ghost');
    await jest.advanceTimersByTimeAsync(OFFLINE_GRACE_MS * 2);
    expect(changes).toEqual([]);
  });

  it('stores "last seen" before announcing offline, so whoever is told can read it at once', async () => {
    const order: string[] = [];
    sut.recordLastSeenWith(async (userId) => {
      await Promise.resolve();
      order.push(`stored ${userId}`);
    });
    changes.length = 0;
    const events = (sut as unknown as { events: DomainEvents }).events;
    events.on('presence.changed', ({ online }) => !online && order.push('announced'));
    await sut.deviceConnected('u', 'phone');
    await sut.deviceDisconnected('u', 'phone');
    await jest.advanceTimersByTimeAsync(OFFLINE_GRACE_MS);
    expect(order).toEqual(['stored u', 'announced']);
  });
});
