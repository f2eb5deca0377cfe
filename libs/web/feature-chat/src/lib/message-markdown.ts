import { Pipe, type PipeTransform } from '@angular/core';
import { Marked, type Tokens } from 'marked';

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
const markdown = new Marked({
  gfm: true,
  breaks: true,
  async: false,
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

/** A message's text as HTML: formatted, every raw tag escaped. */
export function messageHtml(content: string): string {
  return (markdown.parse(content) as string).trim();
}

/** `content | pcMessageHtml`: pure, so each message is formatted once per text, not at every change detection. */
@Pipe({ name: 'pcMessageHtml' })
export class MessageHtmlPipe implements PipeTransform {
  transform(content: string): string {
    return messageHtml(content);
  }
}
