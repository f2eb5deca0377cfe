import { Logger, OnModuleDestroy } from '@nestjs/common';
import { RedisService } from '../../core/redis/redis.service';
import { PresenceStore } from './presence.store';

/** A device counts as connected this long after its instance last vouched for it. */
export const DEVICE_TTL_MS = 30_000;
const HEARTBEAT_MS = DEVICE_TTL_MS / 3;
/** How long "shown online" is remembered for a user whose instance died without telling. */
const SHOWN_TTL_S = 24 * 3600;

/** Adds a device (score = its expiry), drops expired ones, answers how many remain. */
const ADD_DEVICE = `
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return redis.call('ZCARD', KEYS[1])`;

/** Removes a device; -1 when it was not there, else how many remain. */
const REMOVE_DEVICE = `
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if removed == 0 then return -1 end
return redis.call('ZCARD', KEYS[1])`;

/**
 * Presence shared by every instance: per user a sorted set of devices scored by expiry. Each
 * instance re-vouches for its own devices every 10 s, so the devices of a crashed instance expire
 * within 30 s and its users go offline.
 */
export class RedisPresenceStore extends PresenceStore implements OnModuleDestroy {
  private readonly logger = new Logger(RedisPresenceStore.name);
  /** This instance's devices, to keep them alive. */
  private readonly local = new Map<string, Set<string>>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly redis: RedisService) {
    super();
    this.heartbeat = setInterval(() => void this.vouch(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async addDevice(userId: string, deviceId: string): Promise<boolean> {
    const devices = this.local.get(userId) ?? new Set<string>();
    devices.add(deviceId);
    this.local.set(userId, devices);
    const now = Date.now();
    const count = await this.redis.client.eval(ADD_DEVICE, 1, this.devicesKey(userId), deviceId, now + DEVICE_TTL_MS, now, DEVICE_TTL_MS);
    return count === 1;
  }

  async removeDevice(userId: string, deviceId: string): Promise<boolean> {
    const devices = this.local.get(userId);
    devices?.delete(deviceId);
    if (devices?.size === 0) this.local.delete(userId);
    const remaining = await this.redis.client.eval(REMOVE_DEVICE, 1, this.devicesKey(userId), deviceId, Date.now());
    return remaining === 0;
  }

  async online(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const now = Date.now();
    const pipeline = this.redis.client.pipeline();
    for (const id of userIds) pipeline.zcount(this.devicesKey(id), now, '+inf');
    const results = (await pipeline.exec()) ?? [];
    return new Set(userIds.filter((_, i) => Number(results[i]?.[1] ?? 0) > 0));
  }

  async markShown(userId: string, online: boolean): Promise<boolean> {
    const key = this.redis.key(`presence:shown:${userId}`);
    if (online) return (await this.redis.client.set(key, '1', 'EX', SHOWN_TTL_S, 'GET')) === null;
    return (await this.redis.client.getdel(key)) !== null;
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
  }

  private async vouch(): Promise<void> {
    if (this.local.size === 0) return;
    const expiry = Date.now() + DEVICE_TTL_MS;
    const pipeline = this.redis.client.pipeline();
    for (const [userId, devices] of this.local) {
      const key = this.devicesKey(userId);
      for (const deviceId of devices) pipeline.zadd(key, expiry, deviceId);
      pipeline.pexpire(key, DEVICE_TTL_MS);
    }
    await pipeline.exec().catch((error: unknown) => this.logger.warn({ err: error }, 'could not refresh presence in Redis'));
  }

  private devicesKey(userId: string): string {
    return this.redis.key(`presence:devices:${userId}`);
  }
}
