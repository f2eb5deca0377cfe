import { randomInt } from 'node:crypto';

/**
 * A client address of its own for each caller, as a trusted proxy would report it (`TRUST_PROXY`):
 * callers never share a counter, not even with other runs against the same Redis.
 */
export const someIp = (): string => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** Polls an asynchronous condition until it holds, failing after `ms`. */
export async function waitUntil(condition: () => Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
