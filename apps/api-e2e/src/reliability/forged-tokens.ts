import { createHmac, generateKeyPairSync, sign } from 'node:crypto';

/** The e2e servers' SECRET_KEY (support/server.ts). */
export const SECRET = 'e2e-secret-key-0123456789abcdef0123456789abcdef';

const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
const HMAC: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** Signs a JWT by hand with HMAC (of the given strength) over whatever header and claims it is given. */
export function forge(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  options: { secret?: string; hmac?: 'HS256' | 'HS384' | 'HS512' } = {},
): string {
  const body = `${encode(header)}.${encode(claims)}`;
  const signature = createHmac(HMAC[options.hmac ?? 'HS256'], options.secret ?? SECRET)
    .update(body)
    .digest('base64url');
  return `${body}.${signature}`;
}

/** A token signed with an RSA key of its own, which it carries in its header (`jwk`): trusting it would trust anyone. */
function selfSigned(claims: Record<string, unknown>): string {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const body = `${encode({ alg: 'RS256', typ: 'JWT', jwk: publicKey.export({ format: 'jwk' }) })}.${encode(claims)}`;
  return `${body}.${sign('sha256', Buffer.from(body), privateKey).toString('base64url')}`;
}

const now = () => Math.floor(Date.now() / 1000);

/** Claims of a valid access token for `userId`, as the server issues them. */
export function accessClaims(userId: string): Record<string, unknown> {
  return {
    sub: userId,
    type: 'access',
    jti: 'forged-1',
    sid: '77777777-7777-4777-8777-777777777777',
    iat: now(),
    exp: now() + 600,
    iss: 'pneumatic',
    aud: 'pneumatic-api',
  };
}

const without = (claims: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(claims).filter(([k]) => k !== key));
const HS256 = { alg: 'HS256', typ: 'JWT' };

/** Every kind of access token that must be refused, each named; `refreshToken` is a real one of the same user. */
export function badAccessTokens(userId: string, refreshToken: string): [string, string][] {
  const claims = accessClaims(userId);
  const valid = forge(HS256, claims);
  const [head, payload, signature] = valid.split('.');
  return [
    ['alg none without a signature', `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`],
    ['alg none with the signature kept', `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`],
    ['alg "None"', `${encode({ alg: 'None' })}.${payload}.`],
    ['HS512, correctly signed with the secret', forge({ alg: 'HS512', typ: 'JWT' }, claims, { hmac: 'HS512' })],
    ['HS384, correctly signed with the secret', forge({ alg: 'HS384', typ: 'JWT' }, claims, { hmac: 'HS384' })],
    ['an RS256 header over an HMAC signature (key confusion)', forge({ alg: 'RS256', typ: 'JWT' }, claims)],
    ['an ES256 header', forge({ alg: 'ES256', typ: 'JWT' }, claims)],
    ['RS256 signed by a key carried in its own header', selfSigned(claims)],
    ['a wrong secret', forge(HS256, claims, { secret: 'another-secret-another-secret-0123456789' })],
    ['a tampered payload', `${head}.${encode({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })}.${signature}`],
    ['a flipped signature character', `${head}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`],
    ['an empty signature', `${head}.${payload}.`],
    ['expired a minute ago', forge(HS256, { ...claims, exp: now() - 60 })],
    ['not valid for another hour (nbf)', forge(HS256, { ...claims, nbf: now() + 3600 })],
    ['issued an hour in the future (iat)', forge(HS256, { ...claims, iat: now() + 3600 })],
    ['a wrong issuer', forge(HS256, { ...claims, iss: 'someone-else' })],
    ['no issuer', forge(HS256, without(claims, 'iss'))],
    ['the refresh audience', forge(HS256, { ...claims, aud: 'pneumatic-auth' })],
    ['no audience', forge(HS256, without(claims, 'aud'))],
    ['type refresh', forge(HS256, { ...claims, type: 'refresh' })],
    ['no type', forge(HS256, without(claims, 'type'))],
    ['no subject', forge(HS256, without(claims, 'sub'))],
    ['a numeric subject', forge(HS256, { ...claims, sub: 42 })],
    ['an unknown subject', forge(HS256, { ...claims, sub: '00000000-0000-4000-8000-000000000000' })],
    ['an SQL injection as subject', forge(HS256, { ...claims, sub: "' OR '1'='1" })],
    ['no jti', forge(HS256, without(claims, 'jti'))],
    ['no session id (issued before sessions)', forge(HS256, without(claims, 'sid'))],
    ['a numeric session id', forge(HS256, { ...claims, sid: 42 })],
    ['no expiry', forge(HS256, without(claims, 'exp'))],
    ['an expiry that is a string', forge(HS256, { ...claims, exp: String(now() + 600) })],
    ['a real refresh token', refreshToken],
    ['four segments', `${valid}.${signature}`],
    ['garbage', 'not.a.jwt'],
    ['8 KiB of garbage', 'a'.repeat(8192)],
  ];
}

/** Refresh tokens that /auth/refresh must refuse (the real token's claims are unknown here, so these are all forged). */
export function badRefreshTokens(userId: string, accessToken: string): [string, string][] {
  const claims = {
    sub: userId,
    type: 'refresh',
    jti: '55555555-5555-4555-8555-555555555555',
    fam: '66666666-6666-4666-8666-666666666666',
    iat: now(),
    exp: now() + 600,
    iss: 'pneumatic',
    aud: 'pneumatic-auth',
  };
  return [
    ['the access token', accessToken],
    ['alg none', `${encode({ alg: 'none' })}.${encode(claims)}.`],
    ['HS512, correctly signed', forge({ alg: 'HS512' }, claims, { hmac: 'HS512' })],
    ['a wrong secret', forge(HS256, claims, { secret: 'another-secret-another-secret-0123456789' })],
    ['expired', forge(HS256, { ...claims, exp: now() - 60 })],
    ['the access audience', forge(HS256, { ...claims, aud: 'pneumatic-api' })],
    ['type access', forge(HS256, { ...claims, type: 'access' })],
    ['no family', forge(HS256, without(claims, 'fam'))],
    ['no jti', forge(HS256, without(claims, 'jti'))],
    ['a well-formed token the server never issued', forge(HS256, claims)],
  ];
}
