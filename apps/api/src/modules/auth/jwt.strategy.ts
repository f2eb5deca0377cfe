import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-jwt';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { bearerToken } from '../../core/http/bearer-token';
import type { AuthUser } from '../../core/http/current-user.decorator';
import { UnauthorizedError } from '../../core/errors';
import { AuthService } from './auth.service';
import { ACCESS_AUDIENCE, CLOCK_TOLERANCE, hasWellFormedClaims, isAccessClaims, signingKey, TOKEN_ISSUER } from './token.service';

/** Bearer access tokens from the Authorization header only — never from the query string. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: (request: Request) => bearerToken(request.headers.authorization),
      // passport-jwt hands it to jsonwebtoken, which takes a KeyObject: see signingKey.
      secretOrKey: signingKey(config.secretKey) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: ACCESS_AUDIENCE,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: CLOCK_TOLERANCE },
    });
  }

  async validate(claims: Record<string, unknown>): Promise<AuthUser> {
    if (!hasWellFormedClaims(claims) || !isAccessClaims(claims)) throw new UnauthorizedError();
    return this.auth.userForAccessClaims(claims);
  }
}
