import { CreateBucketCommand, DeleteObjectsCommand, HeadBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable, Transform } from 'node:stream';
import type { StorageConfig } from '../../../config/storage-config';
import { ByteRange, ObjectStorage } from './object-storage';

type S3Config = Extract<StorageConfig, { driver: 's3' }>;

/** The smallest part S3 accepts: an upload of unknown length holds at most one part in memory. */
const PART_BYTES = 5 * 1024 * 1024;

/** Passes the first `count` bytes, then ends. */
function takeBytes(count: number): Transform {
  let left = count;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (left <= 0) return callback();
      const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
      left -= part.length;
      callback(null, part);
    },
  });
}

/** Objects in one bucket of any S3-compatible store (AWS, MinIO, Ceph, s3rver…), through the AWS SDK v3. */
export class S3Storage extends ObjectStorage {
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    super();
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint ?? undefined,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // Checksums only where S3 requires them: the SDK's default (CRC32 trailers on aws-chunked streams) is not
      // understood by many S3-compatible stores, and the file's own SHA-256 is kept as its ETag anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async prepare(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }));
    } catch (error) {
      if (!(error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) throw error;
      // Instances starting together race to create it: one wins, the others find it made.
      await this.client.send(new CreateBucketCommand({ Bucket: this.config.bucket })).catch(async (failure: unknown) => {
        await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket })).catch(() => Promise.reject(failure));
      });
    }
  }

  async put(key: string, body: Readable, contentType: string): Promise<void> {
    // Multipart for a stream of unknown length: one 5 MiB part at a time, a small file in one request.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: PART_BYTES,
      queueSize: 1,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const answer = await this.client.send(
      new GetObjectCommand({ Bucket: this.config.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
    );
    if (!(answer.Body instanceof Readable)) throw new Error(`no body for ${key}`);
    if (!range) return answer.Body;
    // Some S3-compatible stores answer `bytes=0-0` with the whole object: never send more than was asked.
    if (!answer.ContentRange?.startsWith(`bytes ${range.start}-`)) throw new Error(`store ignored the range of ${key}: ${answer.ContentRange}`);
    return answer.Body.pipe(takeBytes(range.end - range.start + 1));
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.config.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      );
    }
  }

  async size(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw error;
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
