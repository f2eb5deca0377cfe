import { JwtService } from '@nestjs/jwt';
import fc from 'fast-check';
import { testConfig } from '../../../test/test-service';
import { UnauthorizedError } from '../../core/errors';
import { CLOCK_TOLERANCE, hasWellFormedClaims, TokenService } from './token.service';

describe('hasWellFormedClaims', () => {
  const now = 1_800_000_000;
  const claims = fc.record({
    sub: fc.uuid(),
    jti: fc.string({ minLength: 1 }),
    iat: fc.integer({ min: now - 86_400, max: now + CLOCK_TOLERANCE }),
    exp: fc.integer({ min: now, max: now + 86_400 }),
  });
  const notA = (type: string) => fc.anything().filter((value) => typeof value !== type);

  it('accepts every token of ours: a subject, an id, an expiry, issued no later than now (within the tolerance)', () => {
    fc.assert(fc.property(claims, (valid) => expect(hasWellFormedClaims(valid, now)).toBe(true)));
  });

  it('refuses claims with any of them missing or of the wrong type', () => {
    const field = fc.constantFrom('sub', 'jti', 'iat', 'exp');
    fc.assert(
      fc.property(claims, field, fc.boolean(), fc.anything(), (valid, name, drop, junk) => {
        const expected = name === 'sub' || name === 'jti' ? 'string' : 'number';
        fc.pre(drop || typeof junk !== expected);
        const broken: Record<string, unknown> = { ...valid };
        if (drop) delete broken[name];
        else broken[name] = junk;
        expect(hasWellFormedClaims(broken, now)).toBe(false);
      }),
    );
    expect(hasWellFormedClaims({ sub: '', jti: 'j', iat: now, exp: now + 1 }, now)).toBe(false);
    fc.assert(
      fc.property(notA('string'), (sub) => expect(hasWellFormedClaims({ sub, jti: 'j', iat: now, exp: now + 1 }, now)).toBe(false)),
    );
  });

  it('refuses a token issued in the future, beyond the clock tolerance', () => {
    fc.assert(
      fc.property(claims, fc.integer({ min: now + CLOCK_TOLERANCE + 1, max: now + 10 ** 9 }), (valid, iat) =>
        expect(hasWellFormedClaims({ ...valid, iat }, now)).toBe(false),
      ),
    );
  });
});

describe('TokenService.verifyAccess, which remembers tokens it has verified', () => {
  const service = () => new TokenService(new JwtService(), testConfig({ ACCESS_TOKEN_TTL: '60' }));
  afterEach(() => jest.useRealTimers());

  it('accepts the same token again with the same claims, and a token of another key never', async () => {
    const tokens = service();
    const token = await tokens.signAccess('user-1', 'session-1');
    const first = await tokens.verifyAccess(token);
    await expect(tokens.verifyAccess(token)).resolves.toEqual(first);
    expect(first).toMatchObject({ sub: 'user-1', sid: 'session-1', type: 'access' });
    const foreign = new TokenService(new JwtService(), testConfig({ SECRET_KEY: 'another-secret-0123456789abcdef01234567' }));
    await expect(foreign.verifyAccess(token)).rejects.toThrow(UnauthorizedError);
  });

  it('refuses a remembered token once it has expired (beyond the clock tolerance)', async () => {
    const tokens = service();
    const token = await tokens.signAccess('user-1', 'session-1');
    await tokens.verifyAccess(token);
    jest.useFakeTimers({ now: Date.now() + (60 + CLOCK_TOLERANCE + 1) * 1000, doNotFake: ['nextTick', 'setImmediate'] });
    await expect(tokens.verifyAccess(token)).rejects.toThrow(UnauthorizedError);
  });

  it('refuses any change to a remembered token, and refresh tokens, whatever was remembered', async () => {
    const tokens = service();
    const token = await tokens.signAccess('user-1', 'session-1');
    await tokens.verifyAccess(token);
    const [header, payload, signature] = token.split('.');
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    await expect(tokens.verifyAccess(`${header}.${payload}.${flipped}`)).rejects.toThrow(UnauthorizedError);
    await expect(tokens.verifyAccess(`${token}x`)).rejects.toThrow(UnauthorizedError);
    await expect(tokens.verifyAccess(await tokens.signRefresh('user-1', 'jti', 'session-1'))).rejects.toThrow(UnauthorizedError);
  });
});
