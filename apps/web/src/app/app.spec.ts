import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { Session, type SessionStatus } from '@pneumatic/web/data-access/session';
import { App } from './app';

@Component({ template: '' })
class Blank {}

describe('App', () => {
  const status = signal<SessionStatus>('authenticated');

  beforeEach(() => {
    status.set('authenticated');
    TestBed.configureTestingModule({
      imports: [App],
      providers: [
        provideRouter([
          { path: 'login', component: Blank },
          { path: 'chat', component: Blank },
          { path: 'account/sessions', component: Blank },
        ]),
        { provide: Session, useValue: { status } },
      ],
    });
  });

  it('leaves the chat for the login page when the session ends (logout, refresh refused, another tab)', async () => {
    const router = TestBed.inject(Router);
    const fixture = TestBed.createComponent(App);
    await router.navigateByUrl('/chat');
    await fixture.whenStable();

    status.set('anonymous');
    await fixture.whenStable();
    expect(router.url).toBe('/login');
  });

  it('leaves the account pages for the login page too (a session ended from another device)', async () => {
    const router = TestBed.inject(Router);
    const fixture = TestBed.createComponent(App);
    await router.navigateByUrl('/account/sessions');
    await fixture.whenStable();
    status.set('anonymous');
    await fixture.whenStable();
    expect(router.url).toBe('/login');
  });

  it('goes to the chat when another tab signs in', async () => {
    status.set('anonymous');
    const router = TestBed.inject(Router);
    const fixture = TestBed.createComponent(App);
    await router.navigateByUrl('/login');
    await fixture.whenStable();

    status.set('authenticated');
    await fixture.whenStable();
    expect(router.url).toBe('/chat');
  });
});
