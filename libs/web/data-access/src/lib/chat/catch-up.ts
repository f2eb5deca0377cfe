const CATCH_UP_RETRY_MS = 3_000;

/**
 * Runs a catch-up one at a time; asking during one runs another right after it, from the new position. A catch-up
 * that failed (the server refused it: rate limit, a timeout) is tried again a little later while `mayRetry` holds.
 */
export class CatchUp {
  private running: Promise<void> | null = null;
  private again = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** Resolves to whether it caught up. */
    private readonly run: () => Promise<boolean>,
    private readonly mayRetry: () => boolean,
  ) {}

  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.retry);
    this.running = this.run()
      .catch(() => false)
      .then((caughtUp) => {
        this.running = null;
        if (!this.mayRetry()) return;
        if (this.again || !caughtUp) {
          this.again = false;
          if (caughtUp) void this.request();
          else this.retry = setTimeout(() => void this.request(), CATCH_UP_RETRY_MS);
        }
      });
    return this.running;
  }

  cancel(): void {
    clearTimeout(this.retry);
    this.again = false;
  }
}
