import type { IncomingHttpHeaders } from 'node:http';
import type { AppConfig } from '../../config/app-config';
import { bearerToken } from '../../core/http/bearer-token';

/** The access token of a Socket.IO handshake: `auth.token`, else `?token=`, else `Authorization: Bearer`. */
export function handshakeToken(handshake: {
  auth: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}): string | null {
  const fromAuth = handshake.auth['token'];
  if (typeof fromAuth === 'string' && fromAuth) return fromAuth;
  const fromQuery = handshake.query['token'];
  if (typeof fromQuery === 'string' && fromQuery) return fromQuery;
  return bearerToken(handshake.headers.authorization);
}

/**
 * CORS does not cover WebSocket upgrades, so the handshake's Origin is checked here
 * (ASVS v5 4.4.2). Clients that send no Origin (not browsers) are let through to authenticate.
 */
export function originAllowed(config: AppConfig, origin: string | undefined): boolean {
  if (config.allowedOrigins === '*' || origin === undefined) return true;
  return config.allowedOrigins.includes(origin);
}
