/** What a batch made of one of its jobs: done, failed, or left for the next batch (it clashed with an earlier job). */
export type BatchResult<R> = { readonly done: R } | { readonly failed: unknown } | 'next';

interface Entry<J, R> {
  readonly job: J;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit's queue: jobs submitted while a batch runs wait, and go together as the next batch the moment it
 * returns. One batch at a time, so an idle queue starts at once (after this turn's I/O callbacks, which join it) and a
 * busy one grows its batches with the load instead of adding waits. `runBatch` answers every job of the batch, in
 * order; it must finish the first one (so the queue always moves on) and may leave later ones for the next batch.
 */
export class GroupCommitQueue<J, R> {
  private readonly waiting: Entry<J, R>[] = [];
  private running = false;

  constructor(
    private readonly runBatch: (jobs: readonly J[]) => Promise<readonly BatchResult<R>[]>,
    private readonly maxBatch = 500,
  ) {}

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      if (this.running) return;
      this.running = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const entries = this.waiting.splice(0, this.maxBatch);
      let results: readonly BatchResult<R>[];
      try {
        results = await this.runBatch(entries.map((entry) => entry.job));
      } catch (error) {
        results = entries.map(() => ({ failed: error }));
      }
      const later: Entry<J, R>[] = [];
      entries.forEach((entry, i) => {
        const result = results[i] ?? { failed: new Error('batch gave no result for this job') };
        // A batch that finished nothing would loop forever: its jobs fail instead.
        if (result === 'next' && i === 0) entry.reject(new Error('group commit left the first job of a batch'));
        else if (result === 'next') later.push(entry);
        else if ('done' in result) entry.resolve(result.done);
        else entry.reject(result.failed);
      });
      // Left-over jobs keep their place ahead of those that came meanwhile.
      this.waiting.unshift(...later);
    }
    this.running = false;
  }
}
