import { GroupCommitQueue, type BatchResult } from './group-commit-queue';

describe('GroupCommitQueue', () => {
  /** A batch runner that records each batch and finishes when the test says so. */
  const gated = () => {
    const batches: number[][] = [];
    const gates: (() => void)[] = [];
    const queue = new GroupCommitQueue<number, number>(async (jobs) => {
      batches.push([...jobs]);
      await new Promise<void>((resolve) => gates.push(resolve));
      return jobs.map((job): BatchResult<number> => ({ done: job * 10 }));
    });
    const running = async () => {
      while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    };
    const release = async () => {
      await running();
      gates.shift()?.();
    };
    return { queue, batches, running, release };
  };

  it('starts an idle queue at once, and sends what came meanwhile as the next batch when the previous one returns', async () => {
    const { queue, batches, running, release } = gated();
    const first = [queue.submit(1), queue.submit(2)];
    await running();
    const later = [queue.submit(3), queue.submit(4), queue.submit(5)];
    expect(batches).toEqual([[1, 2]]);
    await release();
    await expect(Promise.all(first)).resolves.toEqual([10, 20]);
    await release();
    await expect(Promise.all(later)).resolves.toEqual([30, 40, 50]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('runs a job left for the next batch first in it, ahead of those that came meanwhile', async () => {
    const batches: number[][] = [];
    const queue = new GroupCommitQueue<number, number>(async (jobs) => {
      batches.push([...jobs]);
      return jobs.map((job, i): BatchResult<number> => (i > 0 && job === 2 && batches.length === 1 ? 'next' : { done: job }));
    });
    const outcomes = [queue.submit(1), queue.submit(2), queue.submit(3)];
    await expect(Promise.all(outcomes)).resolves.toEqual([1, 2, 3]);
    expect(batches).toEqual([[1, 2, 3], [2]]);
  });

  it('fails every job of a batch whose run throws, and goes on with the next', async () => {
    let calls = 0;
    const queue = new GroupCommitQueue<number, number>(async (jobs) => {
      if (++calls === 1) throw new Error('connection lost');
      return jobs.map((job) => ({ done: job }));
    });
    const failed = await Promise.allSettled([queue.submit(1), queue.submit(2)]);
    expect(failed.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    await expect(queue.submit(3)).resolves.toBe(3);
  });

  it('fails, rather than loops on, a batch that finished none of its jobs', async () => {
    const queue = new GroupCommitQueue<number, number>(async (jobs) => jobs.map(() => 'next' as const));
    await expect(queue.submit(1)).rejects.toThrow('left the first job');
  });

  it('runs batches side by side on several lanes, but never one key in two at once: its jobs keep their order', async () => {
    const batches: string[][] = [];
    const gates: (() => void)[] = [];
    const queue = new GroupCommitQueue<string, string>(
      async (jobs) => {
        batches.push([...jobs]);
        await new Promise<void>((resolve) => gates.push(resolve));
        return jobs.map((job) => ({ done: job }));
      },
      { lanes: 2, keyOf: (job) => job[0] },
    );
    const waitFor = async (count: number) => {
      while (gates.length < count) await new Promise((resolve) => setImmediate(resolve));
    };
    const a1 = queue.submit('a1');
    await waitFor(1);
    // The second lane takes b1 and b2 but not a2, whose key the running batch holds.
    const rest = [queue.submit('a2'), queue.submit('b1'), queue.submit('b2')];
    await waitFor(2);
    expect(batches).toEqual([['a1'], ['b1', 'b2']]);
    gates.shift()?.();
    await expect(a1).resolves.toBe('a1');
    await waitFor(2);
    expect(batches).toEqual([['a1'], ['b1', 'b2'], ['a2']]);
    gates.splice(0).forEach((open) => open());
    await expect(Promise.all(rest)).resolves.toEqual(['a2', 'b1', 'b2']);
  });
});
