import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed link opens: an attachment's bytes, its thumbnail, or an avatar. */
export type LinkKind = 'file' | 'thumbnail' | 'avatar';

const PATHS: Readonly<Record<LinkKind, (id: string) => string>> = {
  file: (id) => `/attachments/${id}`,
  thumbnail: (id) => `/attachments/${id}/thumbnail`,
  avatar: (id) => `/avatars/${id}`,
};

/**
 * Expiring, tamper-proof download links (SPEC 10.6), so that `<img src>` works without a token in the page.
 *
 * A link is `path?expires=<unix seconds>&signature=<HMAC-SHA256 of kind, id and expiry>`. Expiries are rounded up to
 * a step (a twelfth of the TTL, at least a minute), so one file gets the same link for a while: browsers and proxies
 * can cache it, and a message serialised once for every member carries one link for all. A link works for at least the
 * TTL and at most one step longer.
 *
 * Messages and users are mapped to the wire in many places (pages, acks, fan-out, catch-up); they all read the one
 * instance the attachments module installs at start, rather than each taking it as a dependency.
 */
export class SignedLinks {
  private static installed: SignedLinks | null = null;
  private readonly key: Buffer;
  private readonly stepSeconds: number;

  constructor(
    secretKey: string,
    readonly ttlSeconds: number,
  ) {
    // A key of its own, so a link's signature can never stand in for a token's or the other way round.
    this.key = createHmac('sha256', secretKey).update('pneumatic signed download links v1').digest();
    this.stepSeconds = Math.max(60, Math.floor(ttlSeconds / 12));
  }

  static install(links: SignedLinks): SignedLinks {
    SignedLinks.installed = links;
    return links;
  }

  static current(): SignedLinks {
    if (!SignedLinks.installed) throw new Error('SignedLinks used before the attachments module installed them');
    return SignedLinks.installed;
  }

  link(kind: LinkKind, id: string, nowMs = Date.now()): string {
    const now = Math.floor(nowMs / 1000);
    const expires = Math.ceil((now + this.ttlSeconds) / this.stepSeconds) * this.stepSeconds;
    return `${PATHS[kind](id)}?expires=${expires}&signature=${this.sign(kind, id, expires)}`;
  }

  /** Whether `expires` and `signature` (as they came in the query) were made here for this file and have not expired. */
  verify(kind: LinkKind, id: string, expires: unknown, signature: unknown, nowMs = Date.now()): boolean {
    if (typeof expires !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(expires)) return false;
    if (Number(expires) * 1000 <= nowMs) return false;
    const expected = Buffer.from(this.sign(kind, id, Number(expires)));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private sign(kind: LinkKind, id: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${kind}\n${id}\n${expires}`).digest('base64url');
  }
}
