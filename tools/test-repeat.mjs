#!/usr/bin/env node
// Runs a test suite N times and prints one pass/fail line per run, so that a flaky test shows itself and
// leaves its output behind (tmp/test-repeat/run-<n>.log).
//
//   npm run test:repeat -- 5                 the README's test command (npm test), five times
//   npm run test:repeat -- 5 shared-counters the API e2e specs whose path matches, five times (built once first)
//   npm run test:repeat -- 5 edits --busy    ... with the other core kept busy, as on a loaded CI machine
//
// E2E_DB=postgres and every other variable pass through to the runs.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const args = process.argv.slice(2);
const busy = args.includes('--busy');
const [countText, pattern] = args.filter((arg) => arg !== '--busy');
const runs = Number(countText);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: npm run test:repeat -- <runs> [api-e2e path pattern] [--busy]');
  process.exit(2);
}

const logDir = join(process.cwd(), 'tmp', 'test-repeat');
mkdirSync(logDir, { recursive: true });

/** Runs a command to completion, its output kept (not shown); resolves to its exit code and output. */
function run(command, commandArgs) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The names of the failed tests in a Jest or Playwright output ("● suite › test", "✘ … › test"). */
function failuresIn(output) {
  const names = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(●|✘) /.test(line) && !line.startsWith('● Console'))
    .map((line) => line.slice(2).trim());
  return [...new Set(names)];
}

// A busy loop on one thread per core but one: the other tests then run as on a loaded machine.
const burners = busy
  ? Array.from({ length: Math.max(1, cpus().length - 1) }, () => new Worker('for (;;) {}', { eval: true }))
  : [];

const suite = pattern ? `API e2e specs matching "${pattern}"` : 'npm test';
if (pattern) {
  const build = await run('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'web', '--outputStyle=static']);
  if (build.code !== 0) {
    writeFileSync(join(logDir, 'build.log'), build.output);
    console.error(`build failed (tmp/test-repeat/build.log)`);
    process.exit(1);
  }
}
console.log(`${suite}, ${runs} run(s)${busy ? ', other cores busy' : ''}${process.env.E2E_DB ? `, E2E_DB=${process.env.E2E_DB}` : ''}`);

let passed = 0;
for (let index = 1; index <= runs; index += 1) {
  const started = Date.now();
  const { code, output } = pattern
    ? await run('npx', ['jest', '-c', 'apps/api-e2e/jest.config.cts', pattern])
    : await run('npm', ['test']);
  const log = join(logDir, `run-${index}.log`);
  writeFileSync(log, output);
  const seconds = Math.round((Date.now() - started) / 1000);
  if (code === 0) {
    passed += 1;
    console.log(`run ${index}/${runs}: pass (${seconds} s)`);
  } else {
    const failures = failuresIn(output);
    console.log(`run ${index}/${runs}: FAIL (${seconds} s, exit ${code}, ${log})`);
    for (const name of failures.length ? failures : ['(no test named; see the log)']) console.log(`  ${name}`);
  }
}
console.log(`${passed}/${runs} passed`);
await Promise.all(burners.map((burner) => burner.terminate()));
process.exit(passed === runs ? 0 : 1);
