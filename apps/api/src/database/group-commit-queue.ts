/** What a batch made of one of its jobs: done, failed, or left for the next batch (it clashed with an earlier job). */
export type BatchResult<R> = { readonly done: R } | { readonly failed: unknown } | 'next';

export interface GroupCommitOptions<J> {
  /** Batches that may run at once (each on a connection of its own). */
  readonly lanes?: number;
  readonly maxBatch?: number;
  /** Jobs of one key never run in two batches at once, and run in the order they were submitted. */
  readonly keyOf?: (job: J) => string;
}

interface Entry<J, R> {
  readonly job: J;
  readonly key: string;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit's queue: jobs submitted while the batches run wait, and go together as the next batch the moment a
 * batch returns. An idle queue starts at once (after this turn's I/O callbacks, which join the batch) and a busy one
 * grows its batches with the load instead of adding waits. `runBatch` answers every job of the batch, in order; it
 * must finish the first one (so the queue always moves on) and may leave later ones for the next batch.
 */
export class GroupCommitQueue<J, R> {
  private readonly waiting: Entry<J, R>[] = [];
  /** Keys of the jobs in the batches now running, with how many of those batches hold each. */
  private readonly busy = new Map<string, number>();
  private running = 0;
  private scheduled = false;
  private readonly lanes: number;
  private readonly maxBatch: number;
  private readonly keyOf: (job: J) => string;

  constructor(
    private readonly runBatch: (jobs: readonly J[]) => Promise<readonly BatchResult<R>[]>,
    options: GroupCommitOptions<J> = {},
  ) {
    this.lanes = options.lanes ?? 1;
    this.maxBatch = options.maxBatch ?? 500;
    this.keyOf = options.keyOf ?? (() => '');
  }

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ job, key: this.keyOf(job), resolve, reject });
      if (this.scheduled || this.running >= this.lanes) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.pump();
      });
    });
  }

  private pump(): void {
    while (this.running < this.lanes) {
      const entries = this.take();
      if (entries.length === 0) return;
      this.running++;
      for (const { key } of entries) this.busy.set(key, (this.busy.get(key) ?? 0) + 1);
      void this.run(entries).finally(() => {
        for (const { key } of entries) {
          const left = (this.busy.get(key) ?? 1) - 1;
          if (left > 0) this.busy.set(key, left);
          else this.busy.delete(key);
        }
        this.running--;
        this.pump();
      });
    }
  }

  /** The next batch: waiting jobs in order, but none whose key a running batch holds, nor any behind such a job. */
  private take(): Entry<J, R>[] {
    const taken: Entry<J, R>[] = [];
    const blocked = new Set<string>();
    const rest: Entry<J, R>[] = [];
    for (const entry of this.waiting) {
      if (taken.length >= this.maxBatch || blocked.has(entry.key) || this.busy.has(entry.key)) {
        blocked.add(entry.key);
        rest.push(entry);
      } else taken.push(entry);
    }
    this.waiting.splice(0, this.waiting.length, ...rest);
    return taken;
  }

  private async run(entries: readonly Entry<J, R>[]): Promise<void> {
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
    // Left-over jobs keep their place ahead of those that came meanwhile (their keys were held: none of those ran).
    this.waiting.unshift(...later);
  }
}
