import { ComponentRef, Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Avatar } from './avatar';
import { ConnectionStatus } from './connection-status';
import { MessageBubble } from './message-bubble';
import { PERSON_HUES, personHue } from './person-colour';
import { PresenceLabel } from './presence-label';
import { UnreadBadge } from './unread-badge';

function render<T>(type: Type<T>, inputs: Record<string, unknown>): { element: HTMLElement; ref: ComponentRef<T> } {
  const fixture = TestBed.createComponent(type);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  fixture.detectChanges();
  return { element: fixture.nativeElement as HTMLElement, ref: fixture.componentRef };
}

describe('Avatar', () => {
  it.each([
    ['Alice Liddell', 'AL'],
    ['bob', 'B'],
    ['mary.jane-watson', 'MW'],
    ['élodie', 'É'],
    ['  ', '?'],
  ])('shows the initials of %j as %j, hidden from screen readers', (name, initials) => {
    const { element } = render(Avatar, { name, seed: 'u1' });
    expect(element.textContent?.trim()).toBe(initials);
    expect(element.querySelector('[aria-hidden=true]')?.textContent).toBe(initials);
  });

  it('takes its colour from the person, whatever name it is given', () => {
    const hueOf = (element: HTMLElement) => Number(element.style.getPropertyValue('--pc-person-hue'));
    const asBob = render(Avatar, { name: 'Bob Builder', seed: 'u-bob' }).element;
    const asChat = render(Avatar, { name: 'bob', seed: 'u-bob', size: 'small' }).element;
    expect(hueOf(asBob)).toBe(personHue('u-bob'));
    expect(hueOf(asChat)).toBe(hueOf(asBob));
    expect(PERSON_HUES).toContain(hueOf(asBob));
    const spread = new Set(Array.from({ length: 50 }, (_, i) => personHue(`user-${i}`)));
    expect(spread.size).toBeGreaterThan(PERSON_HUES.length / 2);
  });

  it('shows a dot, with words for screen readers, while the person is online', () => {
    const { element, ref } = render(Avatar, { name: 'Bob', online: true });
    expect(element.querySelector('.presence')?.getAttribute('role')).toBe('img');
    expect(element.querySelector('.presence')?.getAttribute('aria-label')).toBe('Online');
    ref.setInput('online', false);
    ref.changeDetectorRef.detectChanges();
    expect(element.querySelector('.presence')).toBeNull();
  });
});

describe('MessageBubble edits and deletions', () => {
  const base = { content: 'hello', sender: 'You', time: '2026-11-25T12:00:00.000Z', own: true };

  it("offers Edit and Delete on the user's own stored message only, and says it was edited (a button to its history)", () => {
    const { element, ref } = render(MessageBubble, { ...base, editable: true, edited: true });
    const clicked: string[] = [];
    for (const name of ['edit', 'delete', 'revisions'] as const) ref.instance[name].subscribe(() => clicked.push(name));
    const buttons = Array.from(element.querySelectorAll('button'));
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(['edited', 'Edit your message', 'Delete your message']);
    for (const button of buttons) button.click();
    expect(clicked).toEqual(['revisions', 'edit', 'delete']);
    ref.setInput('editable', false);
    ref.changeDetectorRef.detectChanges();
    expect(element.querySelectorAll('button')).toHaveLength(1);
  });

  it('shows a deleted message as a placeholder, without its text, edit mark or actions', () => {
    const { element } = render(MessageBubble, { ...base, content: '', deleted: true, edited: true, editable: true });
    expect(element.querySelector('.content')?.textContent).toBe('This message was deleted');
    expect(element.querySelectorAll('button')).toHaveLength(0);
  });
});

describe('PresenceLabel', () => {
  it('says Online, when the person was last seen, or Offline when never', () => {
    expect(render(PresenceLabel, { online: true }).element.textContent?.trim()).toBe('Online');
    const fiveMinutesAgo = new Date(Date.now() - 5 * 60_000 - 1000).toISOString();
    expect(render(PresenceLabel, { online: false, lastSeen: fiveMinutesAgo }).element.textContent?.trim()).toMatch(/^last seen 5 min/);
    expect(render(PresenceLabel, { online: false, lastSeen: null }).element.textContent?.trim()).toBe('Offline');
  });
});

describe('UnreadBadge', () => {
  it('shows nothing at zero, the count with words for screen readers, and 99+ beyond', () => {
    expect(render(UnreadBadge, { count: 0 }).element.textContent?.trim()).toBe('');
    const three = render(UnreadBadge, { count: 3 }).element;
    expect(three.querySelector('.badge')?.textContent).toBe('3');
    expect(three.querySelector('.pc-visually-hidden')?.textContent).toBe('3 unread');
    expect(render(UnreadBadge, { count: 250 }).element.querySelector('.badge')?.textContent).toBe('99+');
  });
});

describe('ConnectionStatus', () => {
  it('says how the connection is, as a status', () => {
    const { element } = render(ConnectionStatus, { state: 'reconnecting' });
    expect(element.getAttribute('role')).toBe('status');
    expect(element.textContent?.trim()).toBe('Reconnecting…');
    expect(render(ConnectionStatus, { state: 'connected' }).element.textContent?.trim()).toBe('Connected');
  });
});

describe('MessageBubble', () => {
  const base = { content: 'hello', sender: 'Bob', time: '2026-11-25T12:00:00.000Z' };

  it('renders the body as text, never as HTML, keeping its line breaks', () => {
    const { element } = render(MessageBubble, { ...base, content: '<img src=x onerror=alert(1)>\nsecond line' });
    const body = element.querySelector('.content');
    expect(body?.textContent).toBe('<img src=x onerror=alert(1)>\nsecond line');
    expect(element.querySelector('img')).toBeNull();
  });

  it('writes the sender above the body, or only for screen readers when grouped', () => {
    expect(render(MessageBubble, base).element.querySelector('.sender')?.textContent).toBe('Bob');
    const grouped = render(MessageBubble, { ...base, showSender: false }).element;
    expect(grouped.querySelector('.sender')).toBeNull();
    expect(grouped.querySelector('.pc-visually-hidden')?.textContent).toBe('Bob:');
  });

  it('writes the name in the sender’s colour, and the time of a run’s later messages only on hover', () => {
    const first = render(MessageBubble, { ...base, senderId: 'u-bob' }).element;
    expect(first.style.getPropertyValue('--pc-person-hue')).toBe(String(personHue('u-bob')));
    expect(first.querySelector('time')?.classList.contains('on-hover')).toBe(false);
    const later = render(MessageBubble, { ...base, senderId: 'u-bob', showSender: false, showTime: false }).element;
    expect(later.querySelector('time')?.classList.contains('on-hover')).toBe(true);
    expect(later.querySelector('time')?.getAttribute('title')).toBeTruthy(); // the full date and time, on hover too
  });

  it('marks a message being sent, and offers Retry and Delete when it failed', () => {
    expect(render(MessageBubble, { ...base, own: true, state: 'sending' }).element.textContent).toContain('Sending…');
    const { element, ref } = render(MessageBubble, { ...base, own: true, state: 'failed', error: 'Cannot reach the server.' });
    expect(element.querySelector('[role=alert]')?.textContent).toContain('Not sent: Cannot reach the server.');
    const retried = jest.fn();
    const discarded = jest.fn();
    ref.instance.retry.subscribe(retried);
    ref.instance.discard.subscribe(discarded);
    const [retry, remove] = Array.from(element.querySelectorAll('button'));
    retry.click();
    remove.click();
    expect(retried).toHaveBeenCalledTimes(1);
    expect(discarded).toHaveBeenCalledTimes(1);
  });

  it('ticks the user’s own stored messages: one for sent, two for read, in words for screen readers', () => {
    const sent = render(MessageBubble, { ...base, own: true, state: 'sent' }).element;
    expect(sent.querySelector('.tick')?.textContent?.replace(/\s+/g, '')).toBe('✓Sent');
    const read = render(MessageBubble, { ...base, own: true, state: 'read' }).element;
    expect(read.querySelector('.tick.read .pc-visually-hidden')?.textContent).toBe('Read');
    expect(render(MessageBubble, { ...base, state: 'sent' }).element.querySelector('.tick')).toBeNull();
  });

  it('says calmly that a message waits for the connection, still offering Retry', () => {
    const { element } = render(MessageBubble, { ...base, own: true, state: 'queued', error: 'Cannot reach the server.' });
    expect(element.querySelector('[role=alert]')).toBeNull();
    expect(element.querySelector('[role=status]')?.textContent).toContain('Not sent yet: it goes out when the connection is back.');
    expect(Array.from(element.querySelectorAll('button')).map((b) => b.textContent)).toEqual(['Retry', 'Delete']);
  });
});
