import { TestBed } from '@angular/core/testing';
import { LIMITS } from '@pneumatic/contracts';
import { Composer } from './composer';

/** The element or value, or a clear failure when the page lacks it. */
function must<T>(value: T | null | undefined, what = 'element'): T {
  if (value === null || value === undefined) throw new Error(`missing ${what}`);
  return value;
}

describe('Composer', () => {
  let element: HTMLElement;
  let sent: string[];
  let typing: boolean[];
  let fixture: ReturnType<typeof TestBed.createComponent<Composer>>;

  beforeEach(async () => {
    fixture = TestBed.createComponent(Composer);
    fixture.componentRef.setInput('conversationId', 'c1');
    sent = [];
    fixture.componentInstance.send.subscribe((text) => sent.push(text));
    typing = [];
    fixture.componentInstance.typing.subscribe((writing) => typing.push(writing));
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  const textarea = () => must(element.querySelector('textarea'));
  const type = async (text: string) => {
    textarea().value = text;
    textarea().dispatchEvent(new Event('input'));
    await fixture.whenStable();
  };
  const press = async (key: string, init: KeyboardEventInit = {}) => {
    textarea().dispatchEvent(new KeyboardEvent('keydown', { key, cancelable: true, ...init }));
    await fixture.whenStable();
  };
  const sendButton = () => must(element.querySelector<HTMLButtonElement>('button[type=submit]'));

  it('sends with Enter, without leading blank lines or trailing space, and empties the box', async () => {
    await type('\n  \n  hello\n  world  \n');
    await press('Enter');
    expect(sent).toEqual(['  hello\n  world']);
    expect(textarea().value).toBe('');
  });

  it('says at each change whether the user is writing something', async () => {
    await type('h');
    await type('hi');
    await type('  ');
    await type('hi again');
    await press('Enter');
    expect(typing).toEqual([true, true, false, true, false]);
  });

  it('starts a new line with Shift+Enter, and does not send while an input method is composing', async () => {
    await type('hello');
    await press('Enter', { shiftKey: true });
    await press('Enter', { isComposing: true });
    expect(sent).toEqual([]);
  });

  it('never sends blank text', async () => {
    await type(' \u00a0\n\u200b ');
    expect(sendButton().disabled).toBe(true);
    await press('Enter');
    expect(sent).toEqual([]);
  });

  it('shows the limit as it nears, and refuses text over it', async () => {
    await type('x'.repeat(LIMITS.contentMax * 0.8));
    expect(element.querySelector('#composer-count')?.textContent).toBe(`${LIMITS.contentMax * 0.8} / ${LIMITS.contentMax}`);
    await type('😀'.repeat(LIMITS.contentMax)); // counted as characters, not UTF-16 units
    expect(sendButton().disabled).toBe(false);
    await type('x'.repeat(LIMITS.contentMax + 3));
    expect(element.querySelector('#composer-count')?.textContent).toBe('3 characters too long');
    expect(sendButton().disabled).toBe(true);
    expect(textarea().getAttribute('aria-invalid')).toBe('true');
  });

  it('keeps a draft per conversation', async () => {
    await type('draft for c1');
    fixture.componentRef.setInput('conversationId', 'c2');
    await fixture.whenStable();
    expect(textarea().value).toBe('');
    fixture.componentRef.setInput('conversationId', 'c1');
    await fixture.whenStable();
    expect(textarea().value).toBe('draft for c1');
  });

  it('asks to edit the last message with Up in an empty composer, and only there', async () => {
    let asked = 0;
    fixture.componentInstance.editLast.subscribe(() => asked++);
    await press('ArrowUp');
    expect(asked).toBe(1);
    await type('draft');
    await press('ArrowUp');
    await type('');
    await press('ArrowUp', { shiftKey: true });
    expect(asked).toBe(1);
  });
});
