import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '@pneumatic/testing';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN } from './paths';
import { createPostgresDatabase, e2eDatabase, TestDatabase } from './services';

export interface ServerOptions {
  /** Extra environment; `DATABASE_URL` or `SQLITE_PATH` here override the suite's database. */
  readonly env?: Readonly<Record<string, string>>;
  /** Which database to use when env names none (default: E2E_DB, i.e. SQLite unless postgres). */
  readonly database?: 'sqlite' | 'postgres';
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Every line the server wrote to stdout and stderr, in order. */
  readonly output: string[];
  readonly sqlitePath: string | null;
  readonly databaseUrl: string | null;
  /** The folder of the local storage driver (STORAGE_PATH); null when the suite chose S3. */
  readonly storagePath: string | null;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies at once, as in a crash. */
  kill(): Promise<void>;
  /** Starts a new process on the same port and database (after stop or kill). */
  restart(): Promise<RunningServer>;
  /** Stops the process and deletes its database. */
  dispose(): Promise<void>;
}

/** Quiet defaults for tests: limits high enough not to interfere unless a suite lowers them. */
const TEST_ENV = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  SECRET_KEY: 'e2e-secret-key-0123456789abcdef0123456789abcdef',
  RATE_LIMIT_PER_MINUTE: '100000',
  RATE_LIMIT_PER_HOUR: '1000000',
  AUTH_RATE_LIMIT_PER_MINUTE: '100000',
};

/** Starts the built API (`dist/apps/api/main.js`) as its own process on a free port, with a database of its own. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? {};
  let database: TestDatabase | null = null;
  let tempDir: string | null = null;
  let sqlitePath: string | null = env['SQLITE_PATH'] ?? null;
  let databaseUrl: string | null = env['DATABASE_URL'] ?? null;
  if (!sqlitePath && !databaseUrl) {
    if ((options.database ?? e2eDatabase()) === 'postgres') {
      database = await createPostgresDatabase();
      databaseUrl = database.url;
    } else {
      tempDir = mkdtempSync(join(tmpdir(), 'pneumatic-e2e-'));
      sqlitePath = join(tempDir, 'chat.sqlite');
    }
  }
  // Every server keeps its uploads in a folder of its own (gone with it), unless the suite names one or uses S3.
  let storageDir: string | null = null;
  if (!env['STORAGE_PATH'] && env['STORAGE_DRIVER'] !== 's3') storageDir = mkdtempSync(join(tmpdir(), 'pneumatic-e2e-files-'));
  const storagePath = env['STORAGE_PATH'] ?? storageDir;
  const port = await freePort();
  const fullEnv: Record<string, string> = {
    ...TEST_ENV,
    ...(storagePath && env['STORAGE_DRIVER'] !== 's3' ? { STORAGE_PATH: storagePath } : {}),
    ...env,
    PORT: String(port),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { SQLITE_PATH: sqlitePath ?? '' }),
  };
  const cleanup = async () => {
    await database?.drop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    if (storageDir) rmSync(storageDir, { recursive: true, force: true });
  };
  const launch = async (): Promise<RunningServer> => {
    const child = spawn(process.execPath, [API_MAIN], { env: { PATH: process.env['PATH'] ?? '', ...fullEnv }, stdio: 'pipe' });
    const output: string[] = [];
    const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilHealthy(url, exited, output);
    } catch (error) {
      // Never leave a half-started server behind.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      throw error;
    }
    const server: RunningServer = {
      url,
      port,
      process: child,
      output,
      sqlitePath,
      databaseUrl,
      storagePath: env['STORAGE_DRIVER'] === 's3' ? null : storagePath,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        return exited;
      },
      kill: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      },
      restart: () => launch(),
      dispose: async () => {
        if (process.env['E2E_SHOW_OUTPUT'] === '1') process.stdout.write(`${output.join('\n')}\n`);
        await server.kill();
        await cleanup();
      },
    };
    return server;
  };
  try {
    return await launch();
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function waitUntilHealthy(url: string, exited: Promise<number | null>, output: string[]): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  // Generous: a loaded 2-core machine can take many seconds to start Node, Nest and the migrations.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`server exited with ${exitCode} before it was healthy:\n${output.join('\n')}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server at ${url} was not healthy within 60 s:\n${output.join('\n')}`);
}

/** Runs the built API with the given environment and waits for it to exit (for start-up failures). */
export function runUntilExit(env: Readonly<Record<string, string>>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [API_MAIN], { env: { PATH: process.env['PATH'] ?? '', ...TEST_ENV, ...env }, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Polls `/ready` until it answers `status`, failing after 5 s (the promise operators rely on). */
export async function expectReadyWithin5s(server: RunningServer, status: number): Promise<void> {
  const deadline = Date.now() + 5000;
  let last = 0;
  while (Date.now() < deadline) {
    last = (await fetch(`${server.url}/ready`)).status;
    if (last === status) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`/ready answered ${last}, not ${status}, for 5 s`);
}
