import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { ChatStore } from '@pneumatic/web/data-access';
import { Subject } from 'rxjs';
import { ChatPage } from './chat-page';
import { Drafts } from './drafts';

describe('ChatPage', () => {
  const store = {
    start: jest.fn(),
    stop: jest.fn(),
    hasUnsent: signal(false),
    unreadTotal: signal(0),
    activeId: signal<string | null>(null),
    newlyMentioned$: new Subject<never>(),
  };

  beforeEach(() => {
    jest.clearAllMocks();
    TestBed.configureTestingModule({ providers: [{ provide: ChatStore, useValue: store }] });
    TestBed.overrideComponent(ChatPage, { set: { imports: [], template: '' } }); // the page's own behaviour only
  });

  it('runs the store while it is shown, and forgets drafts when left', async () => {
    TestBed.inject(Drafts).set('c1', 'half a thought');
    const fixture = TestBed.createComponent(ChatPage);
    expect(store.start).toHaveBeenCalledTimes(1);
    fixture.destroy();
    expect(store.stop).toHaveBeenCalledTimes(1);
    expect(TestBed.inject(Drafts).get('c1')).toBe('');
  });

  it('counts unread messages in the window title', async () => {
    const fixture = TestBed.createComponent(ChatPage);
    store.unreadTotal.set(3);
    await fixture.whenStable();
    expect(TestBed.inject(Title).getTitle()).toBe('(3) Pneumatic Chat');
    store.unreadTotal.set(0);
    await fixture.whenStable();
    expect(TestBed.inject(Title).getTitle()).toBe('Pneumatic Chat');
  });

  it('asks before the tab closes while messages are unsent', async () => {
    const fixture = TestBed.createComponent(ChatPage);
    await fixture.whenStable();
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(leave()).toBe(false);
    store.hasUnsent.set(true);
    expect(leave()).toBe(true);
  });
});
