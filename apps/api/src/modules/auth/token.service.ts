import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, KeyObject, randomUUID } from 'node:crypto';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { UnauthorizedError } from '../../core/errors';

export const TOKEN_ISSUER = 'pneumatic';
/** Distinct audiences keep an access token from ever passing as a refresh token, and the reverse (RFC 8725 §3.12). */
export const ACCESS_AUDIENCE = 'pneumatic-api';
export const REFRESH_AUDIENCE = 'pneumatic-auth';
const ALGORITHM = 'HS256' as const;
/** Clock skew tolerated between instances, in seconds (NTP keeps real deployments far closer). */
export const CLOCK_TOLERANCE = 5;

export interface AccessClaims {
  readonly sub: string;
  readonly type: 'access';
  readonly jti: string;
  /** The session (refresh-token family) it was issued to: ending the session refuses the token. */
  readonly sid: string;
  readonly iat: number;
  readonly exp: number;
}

export interface RefreshClaims {
  readonly sub: string;
  readonly type: 'refresh';
  readonly jti: string;
  readonly fam: string;
  readonly iat: number;
  readonly exp: number;
}

/**
 * The claims every token of ours carries, checked after the signature: jsonwebtoken accepts a
 * token without `sub`, `jti` or `exp` (one that never expires) and one issued in the future. Shared by every transport.
 */
export function hasWellFormedClaims(claims: Record<string, unknown>, nowSeconds = Date.now() / 1000): boolean {
  const { sub, jti, exp, iat } = claims;
  if (typeof sub !== 'string' || sub === '' || typeof jti !== 'string' || typeof exp !== 'number') return false;
  return typeof iat === 'number' && iat <= nowSeconds + CLOCK_TOLERANCE;
}

/**
 * An access token's own claims: its type, and the session it names. Tokens issued before sessions existed carry no
 * `sid` and could never be refused when their session ends, so they are refused now (the client refreshes once).
 */
export function isAccessClaims(claims: Record<string, unknown>): claims is Record<string, unknown> & AccessClaims {
  return claims['type'] === 'access' && typeof claims['sid'] === 'string' && claims['sid'] !== '';
}

const signingKeys = new Map<string, KeyObject>();

/** Access tokens remembered as verified: more than the devices one instance serves at once within a token's life. */
const VERIFIED_CACHE_SIZE = 10_000;

/** Whether claims that passed verification would pass again now: only the clock can have changed the answer. */
function stillInTime(claims: AccessClaims & { nbf?: unknown }, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  if (nowSeconds >= claims.exp + CLOCK_TOLERANCE) return false;
  return typeof claims.nbf !== 'number' || claims.nbf <= nowSeconds + CLOCK_TOLERANCE;
}

/**
 * The HS256 key as a KeyObject, made once per secret. Given the raw string, jsonwebtoken would first try
 * (and fail, with a thrown error) to read it as a PEM public key on every sign and verify.
 */
export function signingKey(secret: string): KeyObject {
  let key = signingKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    signingKeys.set(secret, key);
  }
  return key;
}

/** Signs and verifies the two kinds of JWT; HS256 is pinned on verification, `none` never accepted. */
@Injectable()
export class TokenService {
  /**
   * Access tokens that passed verification, with their claims. A client presents the same token on every request
   * of its life, and each request checked its signature twice (the rate limiter, then the guard). The same bytes
   * under the same key verify the same way, so only expiry is checked again. Whether its session has ended is
   * never remembered here: the caller asks SessionRevocations every time.
   */
  private readonly verifiedAccess = new Map<string, AccessClaims>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get accessTtlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  get refreshTtlSeconds(): number {
    return this.config.refreshTokenTtlSeconds;
  }

  signAccess(userId: string, sessionId: string): Promise<string> {
    return this.jwt.signAsync(
      { type: 'access', sid: sessionId },
      {
        algorithm: ALGORITHM,
        privateKey: signingKey(this.config.secretKey),
        subject: userId,
        jwtid: randomUUID(),
        issuer: TOKEN_ISSUER,
        audience: ACCESS_AUDIENCE,
        expiresIn: this.config.accessTokenTtlSeconds,
        header: { alg: ALGORITHM, typ: 'at+jwt' },
      },
    );
  }

  signRefresh(userId: string, jti: string, familyId: string): Promise<string> {
    return this.jwt.signAsync(
      { type: 'refresh', fam: familyId },
      {
        algorithm: ALGORITHM,
        privateKey: signingKey(this.config.secretKey),
        subject: userId,
        jwtid: jti,
        issuer: TOKEN_ISSUER,
        audience: REFRESH_AUDIENCE,
        expiresIn: this.config.refreshTokenTtlSeconds,
      },
    );
  }

  async verifyAccess(token: string): Promise<AccessClaims> {
    const known = this.verifiedAccess.get(token);
    if (known && stillInTime(known)) return known;
    this.verifiedAccess.delete(token);
    const claims = await this.verify(token, ACCESS_AUDIENCE);
    if (!isAccessClaims(claims)) throw new UnauthorizedError();
    const verified = Object.freeze(claims);
    if (this.verifiedAccess.size >= VERIFIED_CACHE_SIZE) this.verifiedAccess.delete(this.verifiedAccess.keys().next().value as string);
    this.verifiedAccess.set(token, verified);
    return verified;
  }

  async verifyRefresh(token: string): Promise<RefreshClaims> {
    const claims = await this.verify(token, REFRESH_AUDIENCE);
    if (claims['type'] !== 'refresh' || typeof claims['fam'] !== 'string') throw new UnauthorizedError('Invalid refresh token');
    return claims as unknown as RefreshClaims;
  }

  private async verify(token: string, audience: string): Promise<Record<string, unknown>> {
    try {
      const claims = await this.jwt.verifyAsync<Record<string, unknown>>(token, {
        algorithms: [ALGORITHM],
        publicKey: signingKey(this.config.secretKey) as unknown as Buffer,
        issuer: TOKEN_ISSUER,
        audience,
        clockTolerance: CLOCK_TOLERANCE,
      });
      if (!hasWellFormedClaims(claims)) throw new Error('missing or malformed claims');
      return claims;
    } catch {
      throw new UnauthorizedError(audience === REFRESH_AUDIENCE ? 'Invalid refresh token' : undefined);
    }
  }
}
