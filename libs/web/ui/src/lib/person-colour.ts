/**
 * The hues a person can be drawn in (OKLCH, so every hue is equally light). The lightness and chroma of each use —
 * names, avatar background, avatar initials — are tokens per theme in `apps/web/src/styles.css`
 * (`--pc-person-name`, `--pc-person-avatar`, `--pc-person-avatar-text`), checked for contrast in every hue by
 * `apps/web/src/styles.spec.ts`.
 */
export const PERSON_HUES: readonly number[] = [25, 60, 95, 140, 175, 210, 245, 280, 315, 350];

/** The hue of a person (or a group) from something stable about them, their id: the same everywhere. */
export function personHue(seed: string): number {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PERSON_HUES[hash % PERSON_HUES.length];
}
