import { ConfigError, loadConfig } from './app-config';
import { parseDurationSeconds } from './duration';

describe('loadConfig', () => {
  it('gives the documented defaults: SQLite through better-sqlite3 at data/pneumatic.sqlite, port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      database: { kind: 'sqlite', path: 'data/pneumatic.sqlite', driver: 'better-sqlite3' },
      redisUrl: null,
      accessTokenTtlSeconds: 1800,
      refreshTokenTtlSeconds: 604800,
      allowedOrigins: '*',
      rateLimitPerMinute: 60,
      rateLimitPerHour: 1000,
      authRateLimitPerMinute: 10,
      secretKeyIsDefault: true,
    });
  });

  it('reads the administrators as usernames are stored (NFKC, lower case), none by default', () => {
    expect(loadConfig({}).adminUsernames).toEqual(new Set());
    expect(loadConfig({ ADMIN_USERNAMES: ' Alice , ＢＯＢ,,carol ' }).adminUsernames).toEqual(new Set(['alice', 'bob', 'carol']));
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/chat' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db:5432/chat',
    });
  });

  it('reads durations, origins and the sqlite3 driver', () => {
    const config = loadConfig({
      ACCESS_TOKEN_TTL: '15m',
      REFRESH_TOKEN_TTL: '30d',
      ALLOWED_ORIGINS: 'https://chat.example.com, http://localhost:4200',
      SQLITE_DRIVER: 'sqlite3',
    });
    expect(config.accessTokenTtlSeconds).toBe(900);
    expect(config.refreshTokenTtlSeconds).toBe(30 * 86400);
    expect(config.allowedOrigins).toEqual(['https://chat.example.com', 'http://localhost:4200']);
    expect(config.database).toMatchObject({ driver: 'sqlite3' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ SECRET_KEY: 'short' }, 'SECRET_KEY'],
    [{ NODE_ENV: 'production' }, 'SECRET_KEY is required'],
    [{ ACCESS_TOKEN_TTL: 'soon' }, 'ACCESS_TOKEN_TTL'],
    [{ ALLOWED_ORIGINS: 'chat.example.com' }, 'ALLOWED_ORIGINS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SQLITE_DRIVER: 'sqlite4' }, 'SQLITE_DRIVER'],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY'],
    [{ OTEL_TRACES_EXPORTER: 'jaeger' }, 'OTEL_TRACES_EXPORTER'],
    [{ MESSAGE_EDIT_WINDOW: '-5m' }, 'MESSAGE_EDIT_WINDOW'],
    [{ MESSAGE_EDIT_WINDOW: 'forever' }, 'MESSAGE_EDIT_WINDOW'],
    [{ ADMIN_USERNAMES: 'alice, b' }, 'ADMIN_USERNAMES'],
    [{ ADMIN_USERNAMES: 'alice;bob' }, 'ADMIN_USERNAMES'],
  ])('rejects %j naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it.each([
    [undefined, 0],
    ['0', 0],
    ['0m', 0],
    ['15m', 900],
    ['90', 90],
  ])('reads MESSAGE_EDIT_WINDOW=%j as %d seconds (0: no limit)', (value, seconds) => {
    expect(loadConfig(value === undefined ? {} : { MESSAGE_EDIT_WINDOW: value }).messageEditWindowSeconds).toBe(seconds);
  });

  it.each([
    [undefined, 0],
    ['false', 0],
    ['0', 0],
    ['true', 1],
    ['1', 1],
    ['2', 2],
  ])('reads TRUST_PROXY=%j as %d trusted proxy hops', (value, hops) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toBe(hops);
  });

  it('exports traces by OTLP when an endpoint is set, to the console only when asked, else not at all', () => {
    expect(loadConfig({}).otelTracesExporter).toBe('none');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).otelTracesExporter).toBe('otlp');
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'console' }).otelTracesExporter).toBe('console');
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });

  it('resolves a relative WEB_DIST_PATH against the working directory', () => {
    expect(loadConfig({ WEB_DIST_PATH: 'dist/apps/web/browser' }).webDistPath).toBe(`${process.cwd()}/dist/apps/web/browser`);
  });

  it('accepts a production configuration with a long secret', () => {
    const config = loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'k'.repeat(32) });
    expect(config.secretKeyIsDefault).toBe(false);
  });
});

describe('parseDurationSeconds', () => {
  it.each([
    ['900', 900],
    ['90s', 90],
    ['30m', 1800],
    ['12h', 43200],
    ['7d', 604800],
  ])('reads %s as %d seconds', (raw, seconds) => expect(parseDurationSeconds(raw)).toBe(seconds));

  it.each(['', '0', '-5', '1.5h', '10w', 'm'])('rejects %j', (raw) => expect(parseDurationSeconds(raw)).toBeNull());
});

describe('loadConfig: attachments and storage (SPEC 10.6)', () => {
  it('keeps files in data/attachments by default, up to 25 MiB, links for 1h, orphans for 24h', () => {
    expect(loadConfig({}).attachments).toEqual({
      maxBytes: 25 * 1024 * 1024,
      urlTtlSeconds: 3600,
      orphanTtlSeconds: 86400,
      storage: { driver: 'local', path: 'data/attachments' },
    });
  });

  it('reads the S3 driver with its endpoint, bucket, region, keys and path style', () => {
    const config = loadConfig({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'chat-files',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
      ATTACHMENT_MAX_BYTES: '1048576',
      ATTACHMENT_URL_TTL: '10m',
    });
    expect(config.attachments).toMatchObject({
      maxBytes: 1048576,
      urlTtlSeconds: 600,
      storage: { driver: 's3', endpoint: 'http://minio:9000', bucket: 'chat-files', region: 'us-east-1', forcePathStyle: true },
    });
  });

  it.each([
    [{ STORAGE_DRIVER: 'ftp' }, 'STORAGE_DRIVER'],
    [{ ATTACHMENT_MAX_BYTES: '25MB' }, 'ATTACHMENT_MAX_BYTES'],
    [{ ATTACHMENT_MAX_BYTES: '0' }, 'ATTACHMENT_MAX_BYTES'],
    [{ ATTACHMENT_URL_TTL: 'forever' }, 'ATTACHMENT_URL_TTL'],
    [{ ATTACHMENT_ORPHAN_TTL: '-1' }, 'ATTACHMENT_ORPHAN_TTL'],
    [{ STORAGE_DRIVER: 's3' }, 'S3_BUCKET is required'],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'ok-bucket', S3_ACCESS_KEY_ID: 'k' }, 'S3_SECRET_ACCESS_KEY is required'],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'A_b', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' }, 'S3_BUCKET must be'],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'abc', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT'],
    [{ STORAGE_DRIVER: 's3', S3_BUCKET: 'abc', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_FORCE_PATH_STYLE: 'yes' }, 'S3_FORCE_PATH_STYLE'],
  ])('stops on a bad value: %j names %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });
});
