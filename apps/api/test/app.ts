import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { testConfig } from './test-service';

export interface TestApp {
  readonly app: INestApplication;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The whole API in this process on a random port, over an in-memory SQLite database: for specs
 * that must look inside (e.g. the gateway's per-socket state) while speaking real HTTP and sockets.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig({ SQLITE_PATH: ':memory:', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_PER_HOUR: '10000000', AUTH_RATE_LIMIT_PER_MINUTE: '1000000', ...env });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, logger: false });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return { app, url: url.replace('[::1]', '127.0.0.1'), close: () => app.close() };
}

/** Signs up and logs in through HTTP; returns the access token and user id. */
export async function signUpAndLogIn(url: string, username: string): Promise<{ id: string; token: string }> {
  const post = (path: string, body: object) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const user = await post('/auth/signup', { username, password: 'long enough password' });
  const tokens = await post('/auth/login', { username, password: 'long enough password' });
  return { id: user.id, token: tokens.access_token };
}
