import { join } from 'node:path';

export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
export const API_MAIN = join(WORKSPACE_ROOT, 'dist', 'apps', 'api', 'main.js');
export const WEB_INDEX = join(WORKSPACE_ROOT, 'dist', 'apps', 'web', 'browser', 'index.html');
