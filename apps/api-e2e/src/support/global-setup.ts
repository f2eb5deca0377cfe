import { Parser } from '@asyncapi/parser';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_DOCUMENTS, API_MAIN, WEB_INDEX } from './paths';
import type { RealtimeSchemas } from './asyncapi-conformance';

/** Whether something accepts TCP connections at host:port within 1 s. */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/**
 * Runs once before the suites: the built API must exist, and PostgreSQL and Redis are probed so that
 * suites needing them run where they answer and skip with a clear line where they do not
 * (unless REQUIRE_SERVICES=1, which makes their absence a failure).
 */
export default async function globalSetup(): Promise<void> {
  for (const file of [API_MAIN, WEB_INDEX]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build first (npx nx run-many -t build -p api web)`);
  }
  const required = process.env['REQUIRE_SERVICES'] === '1';
  const services = [
    { name: 'PostgreSQL', env: 'E2E_POSTGRES', host: '127.0.0.1', port: 5432 },
    { name: 'Redis', env: 'E2E_REDIS', host: '127.0.0.1', port: 6379 },
  ];
  for (const service of services) {
    const up = await answers(service.host, service.port);
    process.env[service.env] = up ? '1' : '0';
    if (!up && required) throw new Error(`REQUIRE_SERVICES=1 but ${service.name} does not answer at ${service.host}:${service.port}`);
    if (!up) process.stdout.write(`\n${service.name} does not answer at ${service.host}:${service.port}: suites that need it are skipped.\n`);
  }
  await saveApiDocuments();
}

/**
 * The OpenAPI and AsyncAPI documents the built server serves, saved once for every suite: each answer and
 * event the suites provoke is checked against them (support/conformance-setup.ts).
 */
async function saveApiDocuments(): Promise<void> {
  // Started by hand: global-setup runs outside Jest's module mapping, so support/server.ts cannot be loaded.
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const dir = mkdtempSync(join(tmpdir(), 'pneumatic-e2e-docs-'));
  const env = { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', SQLITE_PATH: join(dir, 'chat.sqlite') };
  const server = spawn(process.execPath, [API_MAIN], { env, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 60_000;
    while (!(await fetch(`${url}/health`).then((response) => response.ok, () => false))) {
      if (Date.now() > deadline || server.exitCode !== null) throw new Error('the API started for its documents did not become healthy');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const get = async (path: string): Promise<string> => {
      const response = await fetch(`${url}${path}`);
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
      return response.text();
    };
    writeFileSync(API_DOCUMENTS.openapi, await get('/docs-json'));
    writeFileSync(API_DOCUMENTS.asyncapi, JSON.stringify(await realtimeSchemas(await get('/docs/asyncapi.json'))));
  } finally {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  process.env['E2E_OPENAPI_DOCUMENT'] = API_DOCUMENTS.openapi;
  process.env['E2E_ASYNCAPI_DOCUMENT'] = API_DOCUMENTS.asyncapi;
}

/** Every message's payload schema in the AsyncAPI document, resolved by the AsyncAPI parser, by transport, direction and name. */
async function realtimeSchemas(asyncApi: string): Promise<RealtimeSchemas> {
  const { document, diagnostics } = await new Parser().parse(asyncApi);
  if (!document) throw new Error(`the AsyncAPI document does not parse: ${diagnostics.map((d) => d.message).join('; ')}`);
  const schemas: RealtimeSchemas = { 'socketio:client': {}, 'socketio:server': {}, 'socketio:ack': {}, 'raw:client': {}, 'raw:server': {} };
  for (const operation of document.operations()) {
    const transport = operation.channels().all()[0]?.address() === '/ws' ? 'raw' : 'socketio';
    const direction = operation.action() === 'receive' ? 'client' : 'server';
    const [request] = operation.messages().all();
    for (const message of operation.messages().all()) schemas[`${transport}:${direction}`][message.name() ?? ''] = message.payload()?.json() ?? {};
    for (const ack of operation.reply()?.messages().all() ?? []) schemas['socketio:ack'][request?.name() ?? ''] = ack.payload()?.json() ?? {};
  }
  return schemas;
}
