import { Pipe, type PipeTransform } from '@angular/core';
import { findMentions, mentionAt } from '@pneumatic/contracts';
import { Marked, type Tokens } from 'marked';
import type { MentionName } from './chat-view';

/** Only these link targets become links; anything else (javascript:, data:, …) stays text. */
const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * The formatting people type anyway, with marked (CommonMark and GitHub's autolinks): **bold**, _italic_, `code`,
 * code blocks, quotes, lists and links. Raw HTML is never rendered — it shows as the text that was typed — headings
 * stay plain paragraphs (a "#" at the start of a chat line is rarely a title), images stay links (no third-party
 * request for a message), and links open in a new tab without a referrer. The stored text is untouched; the result
 * goes through Angular's own sanitiser as well when it is bound with [innerHTML]. Here, in the chat's lazy chunk,
 * rather than in the shared UI library: marked would otherwise weigh on the login page's first load.
 */
/** The members the text being formatted mentions (set around each synchronous parse; none outside it). */
let mentioned: readonly MentionName[] = [];

/**
 * `@username` of a mentioned member, marked as the server found it (the same rule, from the contracts): only where a
 * mention starts does the text stop for it, so e-mail addresses and other `@`s still autolink as before.
 */
const mentionExtension = {
  name: 'mention',
  level: 'inline' as const,
  start: (src: string) => findMentions(src, mentioned)[0]?.start,
  tokenizer(src: string) {
    const match = mentionAt(src, 0, mentioned);
    if (!match) return undefined;
    return { type: 'mention', raw: src.slice(0, match.end), me: mentioned.some((member) => member.me && member.id === match.user_id) };
  },
  renderer: ({ raw, me }: Tokens.Generic) => `<span class="mention${me ? ' mention-me' : ''}">${escapeHtml(raw)}</span>`,
};

const markdown = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  extensions: [mentionExtension],
  renderer: {
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    heading({ tokens }: Tokens.Heading) {
      return `<p>${this.parser.parseInline(tokens)}</p>\n`;
    },
    link({ href, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      if (!SAFE_LINK.test(href)) return text;
      return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${text}</a>`;
    },
    image({ href, text }: Tokens.Image) {
      const label = escapeHtml(text || href);
      return SAFE_LINK.test(href) ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${label}</a>` : label;
    },
  },
});

/** A message's text as HTML: formatted, every raw tag escaped, the `mentions` marked. */
export function messageHtml(content: string, mentions: readonly MentionName[] = []): string {
  mentioned = mentions;
  try {
    return (markdown.parse(content) as string).trim();
  } finally {
    mentioned = [];
  }
}

/** `content | pcMessageHtml: mentions`: pure, so each message is formatted once per text, not at every change detection. */
@Pipe({ name: 'pcMessageHtml' })
export class MessageHtmlPipe implements PipeTransform {
  transform(content: string, mentions: readonly MentionName[] = []): string {
    return messageHtml(content, mentions);
  }
}
