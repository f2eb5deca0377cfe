import { normalizeUsername, USERNAME_PATTERN } from '@pneumatic/contracts';
import { resolve } from 'node:path';
import { parseDurationSeconds } from './duration';
import { loadAttachmentsConfig, type AttachmentsConfig } from './storage-config';

export type NodeEnv = 'development' | 'production' | 'test';
export type SqliteDriver = 'better-sqlite3' | 'sqlite3';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly path: string; readonly driver: SqliteDriver }
  | { readonly kind: 'postgres'; readonly url: string };

/** The whole validated configuration of one API process (SPEC section 8). */
export interface AppConfig {
  readonly nodeEnv: NodeEnv;
  readonly host: string;
  readonly port: number;
  readonly database: DatabaseConfig;
  readonly redisUrl: string | null;
  /** Prefix of every Redis key and channel, so several deployments can share one Redis. */
  readonly redisKeyPrefix: string;
  readonly secretKey: string;
  /** True when SECRET_KEY was not set and the development default is in use. */
  readonly secretKeyIsDefault: boolean;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** `*` allows any origin; otherwise the exact origins allowed. */
  readonly allowedOrigins: '*' | readonly string[];
  readonly rateLimitPerMinute: number;
  readonly rateLimitPerHour: number;
  readonly authRateLimitPerMinute: number;
  /**
   * How many proxies in front of the API to trust for `X-Forwarded-For` (0: ignore the header).
   * The client IP is the address that many hops from the right, so a client cannot forge it.
   */
  readonly trustProxy: number;
  readonly logLevel: LogLevel;
  readonly otelExporterOtlpEndpoint: string | null;
  readonly otelTracesExporter: 'console' | 'otlp' | 'none';
  /** How long a draining instance keeps serving after `/ready` fails, before it closes. */
  readonly shutdownDrainMs: number;
  /** How long after sending its author may edit a message, in seconds; 0: no limit. */
  readonly messageEditWindowSeconds: number;
  /** Folder of the built web app; null serves no web app. */
  readonly webDistPath: string | null;
  /** Usernames (normalised as accounts are) of the administrators: they may deactivate and reactivate users. */
  readonly adminUsernames: ReadonlySet<string>;
  /** Uploads, their limits, signed links and where the files are kept (SPEC 10.6). */
  readonly attachments: AttachmentsConfig;
}

/** Thrown when the environment is invalid; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const DEV_SECRET_KEY = 'dev-only-secret-key-change-me-0123456789abcdef';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates the environment once; every later read is typed. */
export function loadConfig(env: Env, defaults: { webDistPath: string | null } = { webDistPath: null }): AppConfig {
  const problems: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const duration = (name: string, fallback: number, options: { zero?: boolean } = {}): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (options.zero && /^0+\s*[smhd]?$/.test(raw)) return 0;
    const seconds = parseDurationSeconds(raw);
    if (seconds === null) {
      problems.push(`${name} must be a duration such as 900, 30m, 12h or 7d (got "${raw}")`);
      return fallback;
    }
    return seconds;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  };
  const prefix = (name: string, fallback: string): string => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(raw)) {
      problems.push(`${name} must be 1 to 64 of A-Z a-z 0-9 _ . : - (got "${raw}")`);
      return fallback;
    }
    return raw;
  };
  const url = (name: string, protocols: readonly string[]): string | null => {
    const raw = read(name);
    if (raw === undefined) return null;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return null;
    }
  };

  const nodeEnv = oneOf<NodeEnv>('NODE_ENV', ['development', 'production', 'test'], 'development');
  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const database: DatabaseConfig = databaseUrl
    ? { kind: 'postgres', url: databaseUrl }
    : {
        kind: 'sqlite',
        path: read('SQLITE_PATH') ?? 'data/pneumatic.sqlite',
        driver: oneOf<SqliteDriver>('SQLITE_DRIVER', ['better-sqlite3', 'sqlite3'], 'better-sqlite3'),
      };

  const secretKey = read('SECRET_KEY');
  if (secretKey !== undefined && secretKey.length < 32) {
    problems.push('SECRET_KEY must be at least 32 characters long');
  }
  if (secretKey === undefined && nodeEnv === 'production') {
    problems.push('SECRET_KEY is required when NODE_ENV=production (at least 32 random characters)');
  }

  const originsRaw = read('ALLOWED_ORIGINS') ?? '*';
  let allowedOrigins: AppConfig['allowedOrigins'] = '*';
  if (originsRaw !== '*') {
    const origins = originsRaw.split(',').map((o) => o.trim()).filter(Boolean);
    const bad = origins.filter((o) => {
      try {
        return new URL(o).origin !== o;
      } catch {
        return true;
      }
    });
    if (bad.length > 0) {
      problems.push(`ALLOWED_ORIGINS must be * or a comma-separated list of origins like https://chat.example.com (bad: ${bad.join(', ')})`);
    }
    allowedOrigins = origins;
  }

  const otlpEndpoint = url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']);
  const tracesExporter = oneOf('OTEL_TRACES_EXPORTER', ['console', 'otlp', 'none'], otlpEndpoint ? 'otlp' : 'none');

  const config: AppConfig = {
    nodeEnv,
    host: read('HOST') ?? '0.0.0.0',
    port: int('PORT', 3000, 0, 65535),
    database,
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    redisKeyPrefix: prefix('REDIS_KEY_PREFIX', 'pneumatic'),
    secretKey: secretKey ?? DEV_SECRET_KEY,
    secretKeyIsDefault: secretKey === undefined,
    accessTokenTtlSeconds: duration('ACCESS_TOKEN_TTL', 30 * 60),
    refreshTokenTtlSeconds: duration('REFRESH_TOKEN_TTL', 7 * 86400),
    allowedOrigins,
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 60, 1, 10_000_000),
    rateLimitPerHour: int('RATE_LIMIT_PER_HOUR', 1000, 1, 100_000_000),
    authRateLimitPerMinute: int('AUTH_RATE_LIMIT_PER_MINUTE', 10, 1, 10_000_000),
    trustProxy: proxyHops(read('TRUST_PROXY'), problems),
    logLevel: oneOf<LogLevel>('LOG_LEVEL', LOG_LEVELS, 'info'),
    otelExporterOtlpEndpoint: otlpEndpoint,
    otelTracesExporter: tracesExporter,
    shutdownDrainMs: int('SHUTDOWN_DRAIN_MS', 0, 0, 120_000),
    messageEditWindowSeconds: duration('MESSAGE_EDIT_WINDOW', 0, { zero: true }),
    adminUsernames: usernames('ADMIN_USERNAMES', read('ADMIN_USERNAMES'), problems),
    attachments: loadAttachmentsConfig({ read, int, duration, oneOf, url }, problems),
    // Resolved now: a relative path would break sendFile, which needs an absolute one.
    webDistPath: (() => {
      const path = read('WEB_DIST_PATH') ?? defaults.webDistPath;
      return path === null ? null : resolve(path);
    })(),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** `TRUST_PROXY`: `false`/`0` (default), `true` (one proxy, e.g. the ingress) or the number of proxies in front. */
function proxyHops(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw === 'false') return 0;
  if (raw === 'true') return 1;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  problems.push(`TRUST_PROXY must be true, false or the number of proxies in front of the API (got "${raw}")`);
  return 0;
}

/** A comma-separated list of usernames, each normalised like a sign-up and valid by its rule. */
function usernames(name: string, raw: string | undefined, problems: string[]): ReadonlySet<string> {
  const names = (raw ?? '').split(',').map((entry) => normalizeUsername(entry.trim())).filter(Boolean);
  const bad = names.filter((entry) => !USERNAME_PATTERN.test(entry));
  if (bad.length > 0) problems.push(`${name} must be comma-separated usernames of 3 to 32 of a-z 0-9 _ . - (bad: ${bad.join(', ')})`);
  return new Set(names);
}
