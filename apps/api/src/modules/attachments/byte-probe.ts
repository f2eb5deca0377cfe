import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

/** How much of a file's start the type detector reads (file-type's own sample size). */
export const HEAD_BYTES = 4100;

/**
 * Passes bytes through unchanged while counting them, hashing them (the ETag) and keeping the first few KiB (for type
 * detection): what an upload needs to know about a file without ever holding it.
 */
export class ByteProbe extends Transform {
  private readonly hash = createHash('sha256');
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  /** Not `size`: the S3 upload reads a body's `size` as its length before any byte has passed. */
  byteCount = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.byteCount += chunk.length;
    this.hash.update(chunk);
    if (this.headLength < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headLength);
      this.headChunks.push(Buffer.from(part));
      this.headLength += part.length;
    }
    callback(null, chunk);
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks);
  }

  /** The hex SHA-256 of everything that passed, once the stream has ended. */
  digest(): string {
    return this.hash.digest('hex');
  }
}
