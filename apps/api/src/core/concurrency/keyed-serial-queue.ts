import { SerialQueue } from './serial-queue';

/** One {@link SerialQueue} per key, created on demand and forgotten when it drains. */
export class KeyedSerialQueue {
  private readonly queues = new Map<string, SerialQueue>();

  /** How many keys have work queued or running. */
  get size(): number {
    return this.queues.size;
  }

  async run<T>(key: string, job: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new SerialQueue();
      this.queues.set(key, queue);
    }
    try {
      return await queue.run(job);
    } finally {
      if (queue.size === 0 && this.queues.get(key) === queue) this.queues.delete(key);
    }
  }
}
