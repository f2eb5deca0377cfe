import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '@pneumatic/testing';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN } from './paths';

/** The built API, serving the built web app, as its own process on a free port and a temporary SQLite file. */
export interface ApiServer {
  readonly url: string;
  readonly port: number;
  /** Everything the server wrote, for failure messages. */
  readonly output: string[];
  /** SIGTERM, and wait for the exit (the graceful shutdown users meet on a redeploy). */
  stop(): Promise<void>;
  /** Starts again on the same port and database. */
  start(): Promise<void>;
  /** Stops it and deletes its database. */
  dispose(): Promise<void>;
}

export async function startApi(env: Readonly<Record<string, string>> = {}): Promise<ApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'pneumatic-web-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const fullEnv = {
    PATH: process.env['PATH'] ?? '',
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    SQLITE_PATH: join(dir, 'chat.sqlite'),
    STORAGE_PATH: join(dir, 'files'),
    SECRET_KEY: 'web-e2e-secret-key-0123456789abcdef0123456789',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_PER_HOUR: '1000000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    ...env,
  };
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    const process_ = spawn(process.execPath, [API_MAIN], { env: fullEnv, stdio: 'pipe' });
    child = process_;
    const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    process_.stdout?.on('data', collect);
    process_.stderr?.on('data', collect);
    exited = new Promise((resolve) => process_.once('exit', () => resolve()));
    await waitUntilHealthy(url, process_, output);
  };
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url,
    port,
    output,
    stop,
    start,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilHealthy(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output.join('\n')}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the API at ${url} was not healthy within 60 s:\n${output.join('\n')}`);
}
