import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import type { AuthUser } from '../../core/http/current-user.decorator';
import { AuthService } from './auth.service';
import { ACCESS_AUDIENCE, AccessClaims, CLOCK_TOLERANCE, signingKey, TOKEN_ISSUER } from './token.service';

/** Bearer access tokens from the Authorization header only — never from the query string. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt hands it to jsonwebtoken, which takes a KeyObject: see signingKey.
      secretOrKey: signingKey(config.secretKey) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: ACCESS_AUDIENCE,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: CLOCK_TOLERANCE },
    });
  }

  validate(claims: AccessClaims): Promise<AuthUser> {
    return this.auth.userForAccessClaims(claims);
  }
}
