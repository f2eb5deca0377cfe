/** Where uploaded files are kept: one folder (one machine), or an S3-compatible bucket (several instances). */
export type StorageConfig =
  | { readonly driver: 'local'; readonly path: string }
  | {
      readonly driver: 's3';
      /** null: the AWS endpoint of the region. */
      readonly endpoint: string | null;
      readonly bucket: string;
      readonly region: string;
      readonly accessKeyId: string;
      readonly secretAccessKey: string;
      /** `https://host/bucket/key` instead of `https://bucket.host/key` (MinIO, s3rver, most self-hosted stores). */
      readonly forcePathStyle: boolean;
    };

export interface AttachmentsConfig {
  /** The largest upload, in bytes (ATTACHMENT_MAX_BYTES, default 25 MiB). */
  readonly maxBytes: number;
  /** How long a signed download link works (ATTACHMENT_URL_TTL, default 1h). */
  readonly urlTtlSeconds: number;
  /** How long an upload may wait to be attached to a message before it is deleted (ATTACHMENT_ORPHAN_TTL, default 24h). */
  readonly orphanTtlSeconds: number;
  readonly storage: StorageConfig;
}

/** The readers of app-config.ts: each one records a problem and returns its fallback on a bad value. */
export interface EnvReaders {
  read(name: string): string | undefined;
  int(name: string, fallback: number, min: number, max: number): number;
  duration(name: string, fallback: number): number;
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T;
  url(name: string, protocols: readonly string[]): string | null;
}

const MIB = 1024 * 1024;
/** S3 bucket names: 3–63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit. */
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function loadAttachmentsConfig(env: EnvReaders, problems: string[]): AttachmentsConfig {
  const driver = env.oneOf('STORAGE_DRIVER', ['local', 's3'], 'local');
  return {
    maxBytes: env.int('ATTACHMENT_MAX_BYTES', 25 * MIB, 1, 1024 * MIB),
    urlTtlSeconds: env.duration('ATTACHMENT_URL_TTL', 3600),
    orphanTtlSeconds: env.duration('ATTACHMENT_ORPHAN_TTL', 86400),
    storage: driver === 's3' ? s3Config(env, problems) : { driver: 'local', path: env.read('STORAGE_PATH') ?? 'data/attachments' },
  };
}

function s3Config(env: EnvReaders, problems: string[]): StorageConfig {
  const required = (name: string): string => {
    const value = env.read(name);
    if (value === undefined) problems.push(`${name} is required when STORAGE_DRIVER=s3`);
    return value ?? '';
  };
  const bucket = required('S3_BUCKET');
  if (bucket && !BUCKET_PATTERN.test(bucket)) problems.push(`S3_BUCKET must be 3 to 63 of a-z 0-9 . - (got "${bucket}")`);
  const forcePathStyle = env.oneOf('S3_FORCE_PATH_STYLE', ['true', 'false'], 'false') === 'true';
  return {
    driver: 's3',
    endpoint: env.url('S3_ENDPOINT', ['http:', 'https:']),
    bucket,
    region: env.read('S3_REGION') ?? 'us-east-1',
    accessKeyId: required('S3_ACCESS_KEY_ID'),
    secretAccessKey: required('S3_SECRET_ACCESS_KEY'),
    forcePathStyle,
  };
}
