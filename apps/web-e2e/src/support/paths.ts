import { join } from 'node:path';

export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
export const API_MAIN = join(WORKSPACE_ROOT, 'dist', 'apps', 'api', 'main.js');
export const WEB_INDEX = join(WORKSPACE_ROOT, 'dist', 'apps', 'web', 'browser', 'index.html');
/** Screenshots and failure captures (git-ignored). */
export const ARTIFACTS = join(WORKSPACE_ROOT, 'apps', 'web-e2e', 'test-output');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
