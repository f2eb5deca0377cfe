/** Starting and stopping the servers under test: the production API build and the bare Socket.IO baseline. */
import { fork, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sleep } from './stats.mjs';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Rate limits raised far beyond the load, so the bench measures the send path rather than the limiter's refusals. */
const BENCH_ENV = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789abcdef',
  RATE_LIMIT_PER_MINUTE: '10000000',
  RATE_LIMIT_PER_HOUR: '100000000',
  AUTH_RATE_LIMIT_PER_MINUTE: '10000000',
};

/** Starts `node <main>` with the bench environment plus `env`; resolves once GET /health answers. */
export async function startApi(main, env) {
  const port = await freePort();
  // e.g. BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the API under load.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      PATH: process.env.PATH ?? '',
      ...BENCH_ENV,
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const keep = (chunk) => {
    output.push(chunk.toString('utf8'));
    if (output.length > 200) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode} during start-up:\n${output.join('')}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not become healthy within 60 s:\n${output.join('')}`);
    }
    await sleep(100);
  }
  let stopping = false;
  // A server that dies under load would otherwise show up only as errors and lost messages: say why it died.
  child.once('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`\nthe API (pid ${child.pid}) exited with ${code ?? signal} under load; its last output:\n${output.join('')}\n`);
  });
  return {
    url,
    pid: child.pid,
    output,
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}

/** Starts the bare Socket.IO baseline with the given conversation layout file. */
export async function startBare(layoutPath) {
  const port = await freePort();
  const child = fork(fileURLToPath(new URL('./bare-server.mjs', import.meta.url)), [], {
    env: { ...process.env, PORT: String(port), BARE_LAYOUT: layoutPath },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => stopChild(child) };
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The load processes: each a forked load-worker answering commands over IPC. */
export function startWorkers(count) {
  return Array.from({ length: count }, () => {
    const child = fork(fileURLToPath(new URL('./load-worker.mjs', import.meta.url)), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const waiting = new Map();
    let nextId = 0;
    child.on('message', (reply) => {
      const settle = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.ok) settle.resolve(reply.result);
      else settle.reject(new Error(`load worker: ${reply.error}`));
    });
    child.on('exit', (code) => {
      for (const settle of waiting.values()) settle.reject(new Error(`load worker exited with ${code}`));
      waiting.clear();
    });
    return {
      pid: child.pid,
      call: (cmd, args = {}) =>
        new Promise((resolve, reject) => {
          const id = nextId++;
          waiting.set(id, { resolve, reject });
          child.send({ id, cmd, ...args });
        }),
      stop: () => stopChild(child),
    };
  });
}
