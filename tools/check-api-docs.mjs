#!/usr/bin/env node
// Lints the API documents the BUILT server serves (run `npm run build` first): the OpenAPI document at
// /docs-json with Redocly (redocly.yaml: the recommended rules, warnings as errors, the house conventions)
// and the AsyncAPI document at /docs/asyncapi.json with the AsyncAPI project's own parser (no error, no
// warning). Exits non-zero on any finding. Starts the server on a free port and a temporary SQLite file.
import { Parser } from '@asyncapi/parser';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(root, 'dist', 'apps', 'api', 'main.js');
if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'pneumatic-docs-'));
const server = spawn(process.execPath, [main], {
  env: { PATH: process.env.PATH, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), SQLITE_PATH: join(dir, 'chat.sqlite'), STORAGE_PATH: join(dir, 'files'), LOG_LEVEL: 'warn', SECRET_KEY: 'docs-check-secret-key-0123456789abcdef0123' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const url = `http://127.0.0.1:${port}`;
let failed = false;
try {
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${url}/health`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline || server.exitCode !== null) throw new Error('the API did not become healthy');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const get = async (path) => {
    const response = await fetch(`${url}${path}`);
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return response.text();
  };
  const openApiFile = join(dir, 'openapi.json');
  writeFileSync(openApiFile, await get('/docs-json'));
  const asyncApi = await get('/docs/asyncapi.json');
  if (!(await get('/docs/asyncapi')).includes('message:send')) throw new Error('/docs/asyncapi does not show the events');

  console.log('OpenAPI (/docs-json): redocly lint');
  const redocly = join(root, 'node_modules', '.bin', 'redocly');
  const lint = spawnSync(redocly, ['lint', '--config', join(root, 'redocly.yaml'), '--format', 'stylish', openApiFile], { stdio: 'inherit' });
  if (lint.status !== 0) failed = true;

  console.log('AsyncAPI (/docs/asyncapi.json): @asyncapi/parser');
  const { document, diagnostics } = await new Parser().parse(asyncApi);
  // Severities: 0 error, 1 warning, 2 information, 3 hint.
  const findings = diagnostics.filter((diagnostic) => diagnostic.severity <= 1);
  for (const finding of diagnostics) console.log(`  ${['error', 'warning', 'info', 'hint'][finding.severity]} ${finding.code}: ${finding.message} at ${finding.path.join('.')}`);
  if (!document || findings.length > 0) failed = true;
  else console.log(`  valid: AsyncAPI ${document.version()}, ${document.operations().length} operations, ${document.messages().length} messages`);
} finally {
  server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
if (failed) {
  console.error('API documents: findings above');
  process.exit(1);
}
console.log('API documents: no errors, no warnings');
