/** Input limits shared by the API's validators and the web app's forms (SPEC section 7). */
export const LIMITS = {
  usernameMin: 3,
  usernameMax: 32,
  passwordMin: 8,
  passwordMax: 128,
  fullNameMax: 100,
  titleMax: 100,
  contentMax: 4000,
  messageIdMax: 64,
  groupMembersMax: 256,
  historyPageDefault: 50,
  historyPageMax: 100,
  syncPageMax: 100,
  changesPageDefault: 100,
  changesPageMax: 100,
  usersPageDefault: 50,
  usersPageMax: 100,
  searchQueryMax: 500,
  searchPageDefault: 20,
  searchPageMax: 50,
  /** Code points of a search result's snippet. */
  searchSnippetMax: 200,
  bodyBytesMax: 64 * 1024,
  frameBytesMax: 64 * 1024,
  attachmentsPerMessage: 10,
  /** The default of ATTACHMENT_MAX_BYTES (the server's own limit is in its configuration). */
  attachmentBytesDefault: 25 * 1024 * 1024,
  avatarBytesMax: 5 * 1024 * 1024,
  /** A file name is kept to this many code points (its extension kept). */
  filenameMax: 255,
  thumbnailPixels: 320,
  avatarPixels: 128,
  /** Code points of the original a reply shows (SPEC 10.3). */
  replyExcerptMax: 200,
  /** Different emoji on one message (SPEC 10.3). */
  reactionsPerMessage: 20,
  /** Bytes of one reaction's emoji: a ZWJ family with skin tones fits many times over. */
  emojiBytesMax: 64,
} as const;

/** The only types a browser is asked to show inline; any other file is served as a download in a sandbox. */
export const INLINE_IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** A username after NFKC normalisation and lower-casing. */
export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,32}$/;

/** The client-supplied idempotency key of a message. */
export const MESSAGE_ID_PATTERN = /^[A-Za-z0-9_\-:.]{1,64}$/;

/** Canonical lower-case UUID (any version). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Canonical form of a username: NFKC (full-width letters become ASCII), then lower case.
 * Both ends use it so a name typed in the form is the name the server stores.
 */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').toLowerCase();
}

/** Content that is empty once white space (including no-break and zero-width spaces) is removed. */
export function isBlankContent(content: string): boolean {
  return content.replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '').length === 0;
}
