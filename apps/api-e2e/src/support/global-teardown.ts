import { rmSync } from 'node:fs';
import { API_DOCUMENTS } from './paths';

/** Deletes what global-setup saved. */
export default function globalTeardown(): void {
  for (const file of Object.values(API_DOCUMENTS)) rmSync(file, { force: true });
}
