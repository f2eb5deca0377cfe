import { isOneEmoji } from '@pneumatic/contracts';
import { emojiCatalog, FREQUENT_EMOJI, searchEmoji } from './emoji-catalog';

describe('the emoji catalog', () => {
  it('holds the full Unicode set from Emojibase, every entry one emoji the server accepts, and no bare skin tones', async () => {
    const entries = await emojiCatalog();
    expect(entries.length).toBeGreaterThan(1800);
    expect(entries.every((entry) => isOneEmoji(entry.emoji))).toBe(true);
    expect(entries.some((entry) => entry.emoji === '🏽')).toBe(false);
    expect(FREQUENT_EMOJI.every((entry) => isOneEmoji(entry.emoji))).toBe(true);
  });

  it('finds by name and by tag, every word as the start of one, in Unicode order', async () => {
    const entries = await emojiCatalog();
    expect(searchEmoji(entries, 'taco').map((entry) => entry.emoji)).toContain('🌮');
    expect(searchEmoji(entries, 'Thumbs UP')[0].emoji).toBe('👍');
    expect(searchEmoji(entries, 'heart').length).toBeGreaterThan(10);
    expect(searchEmoji(entries, 'humbs')).toEqual([]);
    expect(searchEmoji(entries, 'zzzzqq')).toEqual([]);
    expect(searchEmoji(entries, 'face', 5)).toHaveLength(5);
  });
});
