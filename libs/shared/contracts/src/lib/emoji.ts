import { LIMITS } from './limits';

/**
 * One emoji as Unicode defines them (SPEC 10.3): any RGI emoji — ZWJ sequences, keycaps, flags, skin tones — or
 * one pictograph typed without its variation selector ("❤"). Unicode's own properties, as the JavaScript engine
 * knows them, rather than a hand-made list that ages with every Unicode release.
 */
const ONE_EMOJI = new RegExp('^(?:\\p{RGI_Emoji}|\\p{Extended_Pictographic})$', 'v');

/** Whether `text` is exactly one emoji (not a letter, not two emoji, not an emoji with stray marks). */
export function isOneEmoji(text: string): boolean {
  return new TextEncoder().encode(text).length <= LIMITS.emojiBytesMax && ONE_EMOJI.test(text);
}
