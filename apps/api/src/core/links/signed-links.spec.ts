import { SignedLinks } from './signed-links';

describe('SignedLinks', () => {
  const links = new SignedLinks('a-secret-key-of-at-least-32-characters!', 3600);
  const id = '0b8a6f0e-3f43-4d8b-9d55-8e2d3f6a1c10';
  const now = Date.UTC(2026, 11, 4, 12, 0, 0);
  const parts = (link: string) => Object.fromEntries(new URL(link, 'http://x').searchParams) as { expires: string; signature: string };

  it('signs a path that verifies until it expires, and not after', () => {
    const link = links.link('file', id, now);
    expect(link.startsWith(`/attachments/${id}?expires=`)).toBe(true);
    const { expires, signature } = parts(link);
    expect(Number(expires) * 1000).toBeGreaterThanOrEqual(now + 3600_000);
    expect(Number(expires) * 1000).toBeLessThanOrEqual(now + 3600_000 + 300_000);
    expect(links.verify('file', id, expires, signature, now + 3599_000)).toBe(true);
    expect(links.verify('file', id, expires, signature, Number(expires) * 1000)).toBe(false);
  });

  it('gives the same link within a step, so a file is cached and fanned out with one link', () => {
    expect(links.link('thumbnail', id, now + 10_000)).toBe(links.link('thumbnail', id, now + 20_000));
  });

  it('refuses a link altered in any part: another file, another kind, another expiry, another signature or key', () => {
    const { expires, signature } = parts(links.link('file', id, now));
    expect(links.verify('file', id.replace('0b8a', '0b8b'), expires, signature, now)).toBe(false);
    expect(links.verify('thumbnail', id, expires, signature, now)).toBe(false);
    expect(links.verify('file', id, String(Number(expires) + 300), signature, now)).toBe(false);
    expect(links.verify('file', id, expires, `${signature.slice(0, -1)}A`, now)).toBe(false);
    expect(new SignedLinks('another-secret-key-of-at-least-32-chars', 3600).verify('file', id, expires, signature, now)).toBe(false);
    expect(links.verify('file', id, undefined, signature, now)).toBe(false);
    expect(links.verify('file', id, '1e12', signature, now)).toBe(false);
    expect(links.verify('file', id, expires, [signature], now)).toBe(false);
  });
});
