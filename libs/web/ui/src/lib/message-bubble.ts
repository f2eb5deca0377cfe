import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { personHue } from './person-colour';
import { ClockPipe, FullTimePipe } from './time.pipes';

/**
 * read: the other person of a 1-on-1 has read it · sent: stored · sending: waiting for the ack · queued: will go out
 * when the connection is back · failed: refused.
 */
export type MessageDeliveryState = 'read' | 'sent' | 'sending' | 'queued' | 'failed';

/** What a reply shows of the message it answers. */
export interface BubbleQuote {
  readonly sender: string;
  readonly excerpt: string;
  readonly deleted: boolean;
}

/**
 * One message in the history. The body is the text, formatted when `html` is given (bold, italic, code, links;
 * never raw HTML), its line breaks kept. The user's own messages sit on the right, marked while sending
 * and with Retry when they failed; once stored they can be edited and deleted (`editable`); an admin of the group may
 * delete anyone's (`removable`). An edited message says so (a button: its earlier texts); a deleted one is a quiet
 * placeholder in its place.
 */
@Component({
  selector: 'pc-message-bubble',
  imports: [ClockPipe, FullTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[class.own]': 'own()',
    '[class.mentions-me]': 'mentionsMe()',
    '[attr.data-state]': 'state()',
    '[style.--pc-person-hue]': 'senderHue()',
  },
  template: `
    <div class="bubble">
      @if (showSender()) {
        <span class="sender">{{ sender() }}</span>
      } @else {
        <span class="pc-visually-hidden">{{ sender() }}:</span>
      }
      @if (quote(); as quote) {
        <button type="button" class="quote" (click)="quoteClicked.emit()">
          <span class="pc-visually-hidden">In reply to </span><span class="quoted-sender">{{ quote.sender }}</span>
          <span class="excerpt" [class.gone]="quote.deleted">{{ quote.deleted ? 'This message was deleted' : quote.excerpt }}</span>
        </button>
      }
      @if (deleted()) {
        <p class="content deleted">This message was deleted</p>
      } @else {
        @if (html(); as html) {
          <div class="content" [innerHTML]="html"></div>
        } @else {
          <p class="content plain">{{ content() }}</p>
        }
      }
      <span class="meta" [class.beside]="!showTime() && !own()">
        @if (edited() && !deleted()) {
          <button type="button" class="link edited" title="Show earlier versions" (click)="revisions.emit()">edited</button>
        }
        <time [class.on-hover]="!showTime()" [attr.datetime]="time()" [title]="time() | pcFullTime">{{ time() | pcClock }}</time>
        @if (state() === 'sending') {
          <span class="sending">Sending…</span>
        } @else if (own() && (state() === 'sent' || state() === 'read')) {
          <span class="tick" [class.read]="state() === 'read'" [title]="state() === 'read' ? 'Read' : 'Sent'">
            <span aria-hidden="true">{{ state() === 'read' ? '✓✓' : '✓' }}</span>
            <span class="pc-visually-hidden">{{ state() === 'read' ? 'Read' : 'Sent' }}</span>
          </span>
        }
      </span>
    </div>
    @if ((repliable() || editable() || removable()) && !deleted()) {
      <span class="edit-actions">
        @if (repliable()) {
          <button type="button" class="link" (click)="reply.emit()">Reply<span class="pc-visually-hidden"> to this message</span></button>
          <button type="button" class="link" (click)="react.emit()">React<span class="pc-visually-hidden"> to this message</span></button>
        }
        @if (editable()) {
          <button type="button" class="link" (click)="edit.emit()">Edit<span class="pc-visually-hidden"> your message</span></button>
          <button type="button" class="link" (click)="delete.emit()">Delete<span class="pc-visually-hidden"> your message</span></button>
        } @else if (removable()) {
          <button type="button" class="link" (click)="delete.emit()">Delete<span class="pc-visually-hidden"> this message</span></button>
        }
      </span>
    }
    @if (state() === 'failed' || state() === 'queued') {
      <div class="failure" [attr.role]="state() === 'failed' ? 'alert' : 'status'">
        <span>{{ state() === 'failed' ? 'Not sent: ' + error() : 'Not sent yet: it goes out when the connection is back.' }}</span>
        <span class="actions">
          <button type="button" class="link" (click)="retry.emit()">Retry</button>
          <button type="button" class="link" (click)="discard.emit()">Delete</button>
        </span>
      </div>
    }
  `,
  styleUrl: './message-bubble.css',
})
export class MessageBubble {
  readonly content = input.required<string>();
  readonly sender = input.required<string>();
  /** Written above the body; false when the previous message is from the same person, moments before. */
  readonly showSender = input(true);
  /** The sender's id: their name is written in their colour. */
  readonly senderId = input('');
  /** The time is written (the first of a run); otherwise it shows on hover. */
  readonly showTime = input(true);
  readonly time = input.required<string>();
  readonly own = input(false);
  readonly state = input<MessageDeliveryState>('sent');
  readonly error = input<string | null>(null);
  /** The text was edited (a button shows the earlier versions). */
  readonly edited = input(false);
  /** Deleted: a placeholder instead of the text. */
  readonly deleted = input(false);
  /** The user's own stored message: Edit and Delete are offered. */
  readonly editable = input(false);
  /** A stored message: Reply and React are offered. */
  readonly repliable = input(false);
  /** The message it answers, shown above its text (a click goes to it). */
  readonly quote = input<BubbleQuote | null>(null);
  /** Someone else's message that the reader may delete all the same: they are an admin of the group. */
  readonly removable = input(false);
  readonly retry = output<void>();
  readonly discard = output<void>();
  readonly edit = output<void>();
  readonly delete = output<void>();
  readonly revisions = output<void>();
  readonly reply = output<void>();
  readonly react = output<void>();
  readonly quoteClicked = output<void>();
  protected readonly senderHue = computed(() => personHue(this.senderId() || this.sender()));
  /**
   * The text already formatted as safe HTML (the chat's messageHtml: raw HTML escaped; Angular's sanitiser applies to
   * [innerHTML] as well); null shows `content` as plain text.
   */
  readonly html = input<string | null>(null);
  /** Someone else's message that mentions the reader: it stands out from the others. */
  readonly mentionsMe = input(false);
}
