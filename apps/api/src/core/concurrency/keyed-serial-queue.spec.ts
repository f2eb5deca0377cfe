import { KeyedSerialQueue } from './keyed-serial-queue';

describe('KeyedSerialQueue', () => {
  it('serialises jobs of one key, runs other keys alongside, and forgets drained keys', async () => {
    const queue = new KeyedSerialQueue();
    const events: string[] = [];
    const job = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`end ${name}`);
    };
    const all = Promise.all([queue.run('a', job('a1', 30)), queue.run('a', job('a2', 1)), queue.run('b', job('b1', 5))]);
    expect(queue.size).toBe(2);
    await all;
    expect(events.indexOf('end a1')).toBeLessThan(events.indexOf('start a2'));
    expect(events.indexOf('start b1')).toBeLessThan(events.indexOf('end a1'));
    expect(queue.size).toBe(0);
  });
});
