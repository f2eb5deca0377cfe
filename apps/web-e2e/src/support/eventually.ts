/**
 * Retries an assertion until it passes or the time is up, then fails with the last error: for what the page
 * shows after a live event, whose moment the test cannot know.
 */
export async function eventually(assertion: () => Promise<void> | void, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
