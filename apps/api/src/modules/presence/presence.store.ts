/**
 * Which devices are connected, per user, across every instance. In memory for one process;
 * the Redis store shares it between instances and lets a crashed instance's devices expire.
 */
export abstract class PresenceStore {
  /** Counts a device in; true when it is the user's first connected device. */
  abstract addDevice(userId: string, deviceId: string): Promise<boolean>;
  /** Counts a device out; true when the user has no device left. */
  abstract removeDevice(userId: string, deviceId: string): Promise<boolean>;
  /** The users among `userIds` with at least one device connected. */
  abstract online(userIds: readonly string[]): Promise<Set<string>>;
  /**
   * Records what the others were last told about the user; true when that changes, i.e. when the
   * change must be announced. Shared between instances, so each real change is announced once.
   */
  abstract markShown(userId: string, online: boolean): Promise<boolean>;
}

export class MemoryPresenceStore extends PresenceStore {
  private readonly devices = new Map<string, Set<string>>();
  private readonly shownOnline = new Set<string>();

  /** Users with a device connected (for tests and metrics). */
  get size(): number {
    return this.devices.size;
  }

  async addDevice(userId: string, deviceId: string): Promise<boolean> {
    const devices = this.devices.get(userId) ?? new Set<string>();
    const first = devices.size === 0;
    devices.add(deviceId);
    this.devices.set(userId, devices);
    return first;
  }

  async removeDevice(userId: string, deviceId: string): Promise<boolean> {
    const devices = this.devices.get(userId);
    if (!devices?.delete(deviceId)) return false;
    if (devices.size > 0) return false;
    this.devices.delete(userId);
    return true;
  }

  async online(userIds: readonly string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => this.devices.has(id)));
  }

  async markShown(userId: string, online: boolean): Promise<boolean> {
    if (online === this.shownOnline.has(userId)) return false;
    if (online) this.shownOnline.add(userId);
    else this.shownOnline.delete(userId);
    return true;
  }
}
