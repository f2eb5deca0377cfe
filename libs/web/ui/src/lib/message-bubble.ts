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
 * One message in the history. The body is plain text rendered by interpolation (never as HTML), with its line
 * breaks kept. The user's own messages sit on the right, marked while sending and with Retry when they failed;
 * once stored they can be edited and deleted (`editable`); an admin of the group may delete anyone's (`removable`).
 * An edited message says so (a button: its earlier texts); a deleted one is a quiet placeholder in its place.
 */
@Component({
  selector: 'pc-message-bubble',
  imports: [ClockPipe, FullTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.own]': 'own()', '[attr.data-state]': 'state()', '[style.--pc-person-hue]': 'senderHue()' },
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
        <p class="content">{{ content() }}</p>
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
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      max-width: 100%;
    }
    :host(.own) {
      align-items: flex-end;
    }
    .bubble {
      position: relative;
      max-width: min(36rem, 85%);
      padding: 0.45rem 0.75rem 0.35rem;
      border-radius: var(--pc-radius);
      background: var(--pc-surface-2);
      overflow-wrap: anywhere;
    }
    :host(.own) .bubble {
      background: var(--pc-own-bubble);
    }
    :host([data-state='sending']) .bubble,
    :host([data-state='queued']) .bubble {
      opacity: 0.7;
    }
    :host([data-state='failed']) .bubble {
      outline: 1px solid var(--pc-danger);
    }
    .sender {
      display: block;
      font-size: 0.8rem;
      font-weight: 600;
      color: oklch(var(--pc-person-name) var(--pc-person-hue));
    }
    .content {
      margin: 0;
      white-space: pre-wrap;
    }
    .content.deleted {
      font-style: italic;
      color: var(--pc-muted);
    }
    .quote {
      display: block;
      width: 100%;
      margin: 0.15rem 0 0.25rem;
      padding: 0.2rem 0.5rem;
      border: 0;
      border-left: 3px solid oklch(var(--pc-person-name) var(--pc-person-hue));
      border-radius: 0.25rem;
      background: color-mix(in oklch, var(--pc-text) 6%, transparent);
      color: inherit;
      font: inherit;
      font-size: 0.8rem;
      text-align: start;
      cursor: pointer;
    }
    .quoted-sender {
      display: block;
      font-weight: 600;
    }
    .excerpt {
      display: -webkit-box;
      -webkit-line-clamp: 2;
      -webkit-box-orient: vertical;
      overflow: hidden;
      white-space: pre-wrap;
      color: var(--pc-muted);
    }
    .excerpt.gone {
      font-style: italic;
    }
    .edited {
      font-size: inherit;
      color: inherit;
    }
    .edit-actions {
      display: flex;
      gap: 0.75rem;
      margin-top: 0.1rem;
      font-size: 0.75rem;
      opacity: 0;
    }
    /* Shown when the message is pointed at or anything in it has the focus; always on touch screens. */
    :host(:hover) .edit-actions,
    :host(:focus-within) .edit-actions {
      opacity: 1;
    }
    @media (hover: none) {
      .edit-actions {
        opacity: 1;
      }
    }
    .meta {
      display: flex;
      justify-content: flex-end;
      gap: 0.5rem;
      font-size: 0.7rem;
      color: var(--pc-muted);
    }
    /* Within a run only the first time is written; each one shows on hover (and stays readable by screen readers). */
    .on-hover {
      opacity: 0;
    }
    :host(:hover) .on-hover,
    :host(:focus-within) .on-hover {
      opacity: 1;
    }
    .meta.beside {
      position: absolute;
      bottom: 0.4rem;
      left: calc(100% + 0.4rem);
      white-space: nowrap;
    }
    .tick {
      letter-spacing: -0.2em;
      padding-right: 0.2em;
    }
    .tick.read {
      color: var(--pc-accent);
      font-weight: 700;
    }
    .failure {
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: 0.25rem 0.75rem;
      margin-top: 0.2rem;
      font-size: 0.8rem;
      color: var(--pc-muted);
    }
    :host([data-state='failed']) .failure {
      color: var(--pc-danger);
    }
    .actions {
      display: inline-flex;
      gap: 0.75rem;
    }
  `,
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
}
