import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { MemberPresence } from '@pneumatic/contracts';
import { DomainEvents } from '../../core/events/domain-events';
import { PresenceStore } from './presence.store';

/** A user whose last device left is announced offline only if no device comes back within this: a reload never flaps. */
export const OFFLINE_GRACE_MS = 3000;

/**
 * Online / offline per user across devices: announces a user online when their first device connects
 * and offline when their last one has been gone for the grace period (the users module records "last seen").
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  private readonly logger = new Logger(PresenceService.name);
  /** Users whose last device left and whose offline announcement is pending. */
  private readonly goingOffline = new Map<string, NodeJS.Timeout>();
  /** Stores "last seen"; awaited before a user is announced offline, so whoever is told can read it at once. */
  private recordLastSeen: (userId: string, lastSeen: Date) => Promise<void> = async () => undefined;

  constructor(
    private readonly store: PresenceStore,
    private readonly events: DomainEvents,
  ) {}

  /** Set by the users module, which keeps "last seen" with the user. */
  recordLastSeenWith(record: (userId: string, lastSeen: Date) => Promise<void>): void {
    this.recordLastSeen = record;
  }

  get pendingCount(): number {
    return this.goingOffline.size;
  }

  async deviceConnected(userId: string, deviceId: string): Promise<void> {
    const first = await this.store.addDevice(userId, deviceId);
    clearTimeout(this.goingOffline.get(userId));
    this.goingOffline.delete(userId);
    // Back within the grace period (here or on another instance): nobody was told they left,
    // so the store says nothing changed and nobody is told they are back.
    if (first && (await this.store.markShown(userId, true))) {
      this.events.emit('presence.changed', { userId, online: true, lastSeen: null });
    }
  }

  async deviceDisconnected(userId: string, deviceId: string): Promise<void> {
    if (!(await this.store.removeDevice(userId, deviceId))) return;
    clearTimeout(this.goingOffline.get(userId));
    this.goingOffline.set(
      userId,
      setTimeout(() => void this.confirmOffline(userId), OFFLINE_GRACE_MS),
    );
  }

  /**
   * Presence of the given users as the others were told it: online until the offline is confirmed
   * (so a reload within the grace period reads "online" everywhere), else when they were last seen.
   */
  async of(userIds: readonly string[], lastSeen: ReadonlyMap<string, Date | null>): Promise<Map<string, MemberPresence>> {
    const online = await this.store.shown(userIds);
    return new Map(
      userIds.map((id) => {
        const seen = online.has(id) ? null : (lastSeen.get(id) ?? null);
        return [id, { user_id: id, online: online.has(id), last_seen: seen ? seen.toISOString() : null }];
      }),
    );
  }

  onModuleDestroy(): void {
    for (const timer of this.goingOffline.values()) clearTimeout(timer);
    this.goingOffline.clear();
  }

  private async confirmOffline(userId: string): Promise<void> {
    this.goingOffline.delete(userId);
    try {
      // Another instance may hold a device of this user by now.
      if ((await this.store.online([userId])).has(userId)) return;
      if (await this.store.markShown(userId, false)) {
        const lastSeen = new Date();
        // Stored first: a client told "offline" asks the user list for "last seen" at once (a race seen in CI).
        await this.recordLastSeen(userId, lastSeen).catch((error: unknown) =>
          this.logger.warn({ err: error, user_id: userId }, 'could not record last seen'),
        );
        this.events.emit('presence.changed', { userId, online: false, lastSeen });
      }
    } catch (error) {
      this.logger.warn({ err: error, user_id: userId }, 'could not confirm a user offline');
    }
  }
}
