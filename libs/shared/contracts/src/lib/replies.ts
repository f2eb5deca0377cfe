import { LIMITS } from './limits';

/** What a reply shows of its original's text (SPEC 10.3): its first 200 code points, never half a character. */
export function replyExcerpt(content: string): string {
  return content.length <= LIMITS.replyExcerptMax ? content : Array.from(content).slice(0, LIMITS.replyExcerptMax).join('');
}
