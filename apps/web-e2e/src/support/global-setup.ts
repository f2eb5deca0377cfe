import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { API_MAIN, ARTIFACTS, CHROMIUM, WEB_INDEX } from './paths';

/** Runs once before the suites: the builds and the browser must be there, and a folder for screenshots. */
export default function globalSetup(): void {
  for (const file of [API_MAIN, WEB_INDEX]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build first (npx nx run-many -t build -p api web)`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (never npx playwright install)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  // Failure captures of an earlier run would be mistaken for this run's.
  for (const file of readdirSync(ARTIFACTS)) if (file.startsWith('failed-')) rmSync(join(ARTIFACTS, file));
}
