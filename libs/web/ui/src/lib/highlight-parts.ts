/** A piece of a text, marked (a matched word) or not. */
export interface TextPart {
  readonly text: string;
  readonly marked: boolean;
}

/**
 * Cuts a text at `[start, end)` ranges (UTF-16 offsets, as search results give them) into marked and unmarked
 * pieces, for a template to show as text — never as HTML. Ranges out of order, overlapping or out of bounds are
 * clipped and skipped rather than trusted.
 */
export function highlightParts(text: string, ranges: readonly (readonly [number, number])[]): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const [rawStart, rawEnd] of ranges) {
    const start = Math.max(at, Math.min(rawStart, text.length));
    const end = Math.min(Math.max(rawEnd, start), text.length);
    if (end <= start) continue;
    if (start > at) parts.push({ text: text.slice(at, start), marked: false });
    parts.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false });
  return parts;
}
