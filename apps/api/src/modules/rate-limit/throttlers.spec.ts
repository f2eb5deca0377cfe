import { ipTracker, rateLimitKey, usernameOf } from './throttlers';

describe('rate-limit trackers', () => {
  it('read the username of a login body as accounts are named (NFKC, lower case)', () => {
    expect(usernameOf({ body: { username: 'ＡＬＩＣＥ', password: 'x' } })).toBe('alice');
    expect(usernameOf({ body: { username: '  ' } })).toBeNull();
    expect(usernameOf({ body: { username: 42 } })).toBeNull();
    expect(usernameOf({ body: undefined })).toBeNull();
  });

  it('count IPv6 clients by /64, since one host holds a whole /64', () => {
    expect(ipTracker({ ip: '2001:db8:1:2:aaaa::1' })).toBe(ipTracker({ ip: '2001:db8:1:2:bbbb::2' }));
    expect(ipTracker({ ip: '::ffff:10.0.0.1' })).toBe('ip:10.0.0.1');
  });

  it('never write the tracker into the key in clear, and keep keys short', () => {
    const key = rateLimitKey('auth-username', `username:${'x'.repeat(10_000)}`);
    expect(key).toMatch(/^rl:auth-username:[A-Za-z0-9_-]{43}$/);
    expect(rateLimitKey('minute', 'ip:10.0.0.1')).not.toContain('10.0.0.1');
  });
});
