/** An emoji the picker offers: the character, its name, and the words it is found by. */
export interface EmojiEntry {
  readonly emoji: string;
  readonly label: string;
  readonly words: string;
}

/** What people react with most, offered before any search. */
export const FREQUENT_EMOJI: readonly EmojiEntry[] = [
  ['👍', 'thumbs up'],
  ['❤️', 'red heart'],
  ['😂', 'face with tears of joy'],
  ['🎉', 'party popper'],
  ['😮', 'face with open mouth'],
  ['😢', 'crying face'],
  ['🙏', 'folded hands'],
  ['👀', 'eyes'],
].map(([emoji, label]) => ({ emoji, label, words: label }));

/** Emojibase's "component" group: skin tones and hair styles, which are parts of emoji rather than emoji to pick. */
const COMPONENT_GROUP = 2;
let catalog: Promise<readonly EmojiEntry[]> | null = null;

/**
 * The full emoji set from Emojibase's English data, in Unicode's order, loaded the first time it is needed: at about
 * half a megabyte of JSON it stays out of the chat's first load.
 */
export function emojiCatalog(): Promise<readonly EmojiEntry[]> {
  catalog ??= import('emojibase-data/en/compact.json').then((module) =>
    // The bundler gives JSON as the default export; CommonJS (the unit tests) as the module itself.
    (module.default ?? (module as unknown as typeof module.default))
      .filter((entry) => entry.group !== undefined && entry.group !== COMPONENT_GROUP)
      .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
      .map((entry) => ({
        emoji: fromHexcode(entry.hexcode),
        label: entry.label,
        words: [entry.label, ...(entry.tags ?? [])].join(' ').toLowerCase(),
      })),
  );
  catalog.catch(() => (catalog = null));
  return catalog;
}

/**
 * The emoji as Unicode spells it. (Emojibase's `unicode` field adds a variation selector to some emoji that take
 * none — "👍" + U+FE0F — which is not an RGI emoji and which the server refuses; its `hexcode` is the standard form.)
 */
function fromHexcode(hexcode: string): string {
  return String.fromCodePoint(...hexcode.split('-').map((hex) => parseInt(hex, 16)));
}

/** The emoji whose name or tags hold every word of the query (each as the start of a word), at most `limit`. */
export function searchEmoji(entries: readonly EmojiEntry[], query: string, limit = 64): EmojiEntry[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return entries.slice(0, limit);
  const found: EmojiEntry[] = [];
  for (const entry of entries) {
    const words = entry.words.split(/[\s:,]+/);
    if (terms.every((term) => words.some((word) => word.startsWith(term)))) found.push(entry);
    if (found.length === limit) break;
  }
  return found;
}
