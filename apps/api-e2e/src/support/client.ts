import type { TokenResponse, User } from '@pneumatic/contracts';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { RunningServer } from './server';

export interface TestUser {
  readonly user: User;
  readonly password: string;
  readonly tokens: TokenResponse;
  /** `Authorization` header value for this user. */
  readonly bearer: string;
}

let counter = 0;
/** A username unique within the run, valid by the product's rules. */
export function uniqueUsername(prefix = 'user'): string {
  counter += 1;
  return `${prefix}_${counter}_${randomBytes(3).toString('hex')}`.slice(0, 32);
}

/** Signs up and logs in a fresh user through the public API. */
export async function registerUser(server: RunningServer, prefix = 'user', fullName?: string): Promise<TestUser> {
  const username = uniqueUsername(prefix);
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const signup = await request(server.url)
    .post('/auth/signup')
    .send({ username, password, ...(fullName ? { full_name: fullName } : {}) });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${JSON.stringify(signup.body)}`);
  const login = await request(server.url).post('/auth/login').send({ username, password });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return { user: signup.body, password, tokens: login.body, bearer: `Bearer ${login.body.access_token}` };
}

/** A JWT-looking string: what must never appear in a log line. */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;

/** Asserts a problem-details answer. */
export function expectProblem(response: request.Response, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
}
