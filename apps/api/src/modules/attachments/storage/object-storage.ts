import type { Readable } from 'node:stream';

/** A byte range of a stored object, both ends included (as in an HTTP `Range` header). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Where attachment and avatar bytes live: a folder (`local`) or an S3-compatible bucket (`s3`). Keys are made by the
 * server (`attachments/<uuid>`), never from a client's file name. Every method streams: nothing holds a whole file.
 */
export abstract class ObjectStorage {
  /** Makes the place ready at start (the folder, or the bucket when it does not exist yet). */
  abstract prepare(): Promise<void>;

  /** Writes the stream under `key`; resolves once it is stored whole (a failed or aborted stream stores nothing). */
  abstract put(key: string, body: Readable, contentType: string): Promise<void>;

  /** The object's bytes, or the range of them. */
  abstract get(key: string, range?: ByteRange): Promise<Readable>;

  /** Removes the objects; a key that is not there is no error. */
  abstract delete(keys: readonly string[]): Promise<void>;

  /** The size in bytes of the object stored under the key; null when there is none. */
  abstract size(key: string): Promise<number | null>;
}
