/**
 * How many events happened in the last `seconds` seconds, in constant memory: one bucket per second,
 * reused as time goes round.
 */
export class SlidingCount {
  private readonly counts: number[];
  private readonly stamps: number[];

  constructor(
    private readonly seconds = 60,
    private readonly now: () => number = Date.now,
  ) {
    this.counts = new Array<number>(seconds).fill(0);
    this.stamps = new Array<number>(seconds).fill(-Infinity);
  }

  add(count = 1): void {
    const second = Math.floor(this.now() / 1000);
    const slot = second % this.seconds;
    if (this.stamps[slot] !== second) {
      this.stamps[slot] = second;
      this.counts[slot] = 0;
    }
    this.counts[slot] += count;
  }

  /** Events in the window that ends now (the current second included). */
  total(): number {
    const oldest = Math.floor(this.now() / 1000) - this.seconds;
    let total = 0;
    for (let slot = 0; slot < this.seconds; slot += 1) {
      if (this.stamps[slot] > oldest) total += this.counts[slot];
    }
    return total;
  }

  /** The average rate per second over the window. */
  perSecond(): number {
    return this.total() / this.seconds;
  }
}
