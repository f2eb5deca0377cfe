import { INLINE_IMAGE_TYPES, LIMITS } from '@pneumatic/contracts';

/** What the bytes say a file is, when file-type knows no magic number for it. */
const OCTET_STREAM = 'application/octet-stream';
const TEXT = 'text/plain; charset=utf-8';
const SVG = 'image/svg+xml';

type Detect = (head: Uint8Array) => Promise<{ mime: string } | undefined>;

/** file-type is ESM-only: loaded once, on first use (a CommonJS bundle cannot import it statically). */
let detector: Promise<Detect> | null = null;
const loadDetector = (): Promise<Detect> => (detector ??= import('file-type').then((module) => module.fileTypeFromBuffer));

/**
 * The type of a file from its first bytes, never from its name or the client's word: file-type's magic numbers, then
 * SVG and UTF-8 text (which have none), else `application/octet-stream`.
 */
export async function detectContentType(head: Buffer): Promise<string> {
  const detected = await (await loadDetector())(head);
  if (detected) return detected.mime;
  return textKind(head) ?? OCTET_STREAM;
}

/** SVG or plain text for text without a NUL that decodes as UTF-8 (a multi-byte character cut at the end is fine). */
export function textKind(head: Buffer): string | null {
  if (head.length === 0 || head.includes(0)) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return null;
  }
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(text) ? SVG : TEXT;
}

export const isInlineImage = (contentType: string): boolean => INLINE_IMAGE_TYPES.includes(contentType);

/**
 * A file name fit to show and to put in a Content-Disposition: its last path segment only (so `../../etc/passwd` is
 * `passwd`), without control characters, at most 255 code points with its extension kept, never empty.
 */
export function cleanFilename(raw: string | undefined): string {
  const segment = (raw ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = segment.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  const name = clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
  const points = [...name];
  if (points.length <= LIMITS.filenameMax) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? [...name.slice(dot)] : [];
  const keep = extension.length > 0 && extension.length <= 16 ? extension : [];
  return points.slice(0, LIMITS.filenameMax - keep.length).join('') + keep.join('');
}
