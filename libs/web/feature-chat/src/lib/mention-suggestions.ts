import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import type { User } from '@pneumatic/contracts';
import { displayName } from '@pneumatic/web/data-access';

/** The `@name` being typed: where its `@` is and what follows it up to the cursor. */
export interface MentionQuery {
  readonly start: number;
  readonly query: string;
}

/** What may follow `@` while a username is being typed (usernames are letters, digits and `_ . -`). */
const TYPING_NAME = /^[\p{L}\p{N}_.-]*$/u;
const SUGGESTIONS_MAX = 6;

/**
 * The mention being typed at `caret`, if any: an `@` at the start of the text or after a space or punctuation (not
 * inside an e-mail address), followed by name characters up to the cursor.
 */
export function mentionQuery(text: string, caret: number): MentionQuery | null {
  const at = caret > 0 ? text.lastIndexOf('@', caret - 1) : -1;
  if (at === -1) return null;
  const query = text.slice(at + 1, caret);
  if (!TYPING_NAME.test(query) || query.length > 32) return null;
  const before = at > 0 ? text[at - 1] : '';
  if (before && /[\p{L}\p{N}_.-]/u.test(before)) return null;
  return { start: at, query };
}

/** Members whose username or name starts with what was typed, usernames first, at most six. */
export function suggestMembers(members: readonly User[], query: string): User[] {
  const wanted = query.toLowerCase();
  const byUsername = members.filter((member) => member.username.startsWith(wanted));
  const byName = members.filter(
    (member) =>
      !byUsername.includes(member) &&
      (member.full_name ?? '')
        .toLowerCase()
        .split(/\s+/)
        .some((word) => word.length > 0 && word.startsWith(wanted)),
  );
  return [...byUsername, ...byName].slice(0, SUGGESTIONS_MAX);
}

/** The text with the mention being typed replaced by `@username ` and where the cursor goes after it. */
export function completeMention(text: string, caret: number, mention: MentionQuery, username: string): { text: string; caret: number } {
  const inserted = `@${username} `;
  const rest = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, mention.start) + inserted + rest, caret: mention.start + inserted.length };
}

/**
 * `@` autocompletion in a text field: what is being typed at the cursor, the members it could be, which one is
 * picked; Escape leaves that `@` alone. The field tells it where the cursor is and hands it keys while it shows.
 */
export class MentionTyping {
  private readonly caret = signal(0);
  private readonly dismissed = signal<number | null>(null);
  readonly active = signal(0);
  private readonly query = computed(() => {
    const query = mentionQuery(this.text(), this.caret());
    return query && query.start !== this.dismissed() ? query : null;
  });
  readonly suggestions = computed(() => {
    const query = this.query();
    return query ? suggestMembers(this.members(), query.query) : [];
  });

  constructor(
    private readonly text: () => string,
    private readonly members: () => readonly User[],
  ) {}

  /** The cursor is now at `caret` (after typing, a click or an arrow key). */
  moved(caret: number): void {
    if (caret !== this.caret()) this.active.set(0);
    this.caret.set(caret);
  }

  /**
   * A key pressed while suggestions show: arrows move the pick, Enter or Tab take it (the completed text and cursor
   * are returned), Escape closes them. Null: not a key for them (the field handles it).
   */
  key(event: KeyboardEvent): { text: string; caret: number } | 'handled' | null {
    const options = this.suggestions();
    if (options.length === 0 || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return null;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.active.update((index) => (index + step + options.length) % options.length);
      return 'handled';
    }
    if (event.key === 'Escape') {
      this.dismissed.set(this.query()?.start ?? null);
      return 'handled';
    }
    if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) return this.complete(options[this.active()]);
    return null;
  }

  /** The text with `member` mentioned in place of what was typed, and the cursor after it. */
  complete(member: User): { text: string; caret: number } | 'handled' {
    const query = this.query();
    if (!query) return 'handled';
    const done = completeMention(this.text(), this.caret(), query, member.username);
    this.caret.set(done.caret);
    return done;
  }
}

/** The members to mention, under the composer while `@name` is typed; the composer keeps the keyboard. */
@Component({
  selector: 'pc-mention-suggestions',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul role="listbox" id="mention-suggestions" aria-label="Members to mention">
      @for (member of members(); track member.id; let index = $index) {
        <li
          role="option"
          [id]="'mention-option-' + index"
          [attr.aria-selected]="index === active()"
          [class.active]="index === active()"
          (mousedown)="$event.preventDefault(); pick.emit(member)"
        >
          <span class="name">{{ name(member) }}</span
          >&ngsp;<span class="username">&#64;{{ member.username }}</span>
        </li>
      }
    </ul>
  `,
  styles: `
    ul {
      margin: 0 0 0.35rem;
      padding: 0.25rem 0;
      list-style: none;
      border: 1px solid var(--pc-border);
      border-radius: var(--pc-radius);
      background: var(--pc-bg);
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.12);
    }
    li {
      padding: 0.3rem 0.75rem;
      cursor: pointer;
    }
    li.active,
    li:hover {
      background: var(--pc-selected);
    }
    .username {
      color: var(--pc-muted);
      font-size: 0.85rem;
    }
  `,
})
export class MentionSuggestions {
  readonly members = input.required<readonly User[]>();
  /** The option Enter or Tab would take (ArrowUp / ArrowDown move it, in the composer). */
  readonly active = input(0);
  readonly pick = output<User>();
  protected readonly name = displayName;
}
