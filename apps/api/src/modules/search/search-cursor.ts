import { ValidationFailedError } from '../../core/errors';

/** A page's `next_cursor`: opaque to clients; it holds the place in the search order to go on from. */
export function encodeCursor(docId: number): string {
  return Buffer.from(JSON.stringify({ before: docId })).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const invalid = () => new ValidationFailedError([{ field: 'cursor', message: 'cursor must be a next_cursor this search returned' }]);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const before = (value as { before?: unknown } | null)?.before;
  if (typeof before !== 'number' || !Number.isSafeInteger(before) || before < 1) throw invalid();
  return before;
}
