import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import { API_MAIN, WEB_INDEX } from './paths';

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
}
