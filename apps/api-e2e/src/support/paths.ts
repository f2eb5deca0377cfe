import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
export const API_MAIN = join(WORKSPACE_ROOT, 'dist', 'apps', 'api', 'main.js');
export const WEB_INDEX = join(WORKSPACE_ROOT, 'dist', 'apps', 'web', 'browser', 'index.html');

/** Where global-setup saves the built server's API documents for this run (global-teardown deletes them). */
export const API_DOCUMENTS = {
  openapi: join(tmpdir(), `pneumatic-e2e-openapi-${process.pid}.json`),
  /** The AsyncAPI document's payload schemas, as its parser resolved them (see global-setup). */
  asyncapi: join(tmpdir(), `pneumatic-e2e-asyncapi-schemas-${process.pid}.json`),
} as const;
