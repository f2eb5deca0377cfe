import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
// s3rver ships no types: a local S3-compatible server in Node, started here on a free port.
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
};

/** Where a suite's server keeps its files, and what is stored there now. */
export interface ObjectStore {
  readonly driver: 'local' | 's3';
  /** The environment that points a server at this store. */
  env(): Record<string, string>;
  /** Every key stored (for local: every file under the folder, by relative path). */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

const BUCKET = 'pneumatic-e2e';

/** An s3rver of the test's own, in a temporary folder; the server under test uses the s3 driver against it. */
export async function startS3(): Promise<ObjectStore> {
  const directory = mkdtempSync(join(tmpdir(), 'pneumatic-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    driver: 's3',
    env: () => ({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    }),
    keys: async () => {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      return (listed.Contents ?? []).map((object) => object.Key as string).sort();
    },
    close: async () => {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A temporary folder for the local driver. */
export function localStore(): ObjectStore {
  const directory = mkdtempSync(join(tmpdir(), 'pneumatic-files-'));
  return {
    driver: 'local',
    env: () => ({ STORAGE_DRIVER: 'local', STORAGE_PATH: directory }),
    keys: async () => listFiles(directory).map((path) => relative(directory, path)).sort(),
    close: async () => rmSync(directory, { recursive: true, force: true }),
  };
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

export const STORE_DRIVERS = ['local', 's3'] as const;
export const openStore = (driver: (typeof STORE_DRIVERS)[number]): Promise<ObjectStore> =>
  driver === 's3' ? startS3() : Promise.resolve(localStore());
