import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal, Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Account } from '@pneumatic/contracts';
import { Session } from '@pneumatic/web/data-access';

export const ALICE: Account = {
  id: 'u-alice',
  username: 'alice',
  full_name: 'Alice',
  deactivated: false,
  avatar_url: null,
  administrator: true,
};

/** A page of the lib over the real HTTP stack (answered by HttpTestingController) and a signed-in Alice. */
export async function renderPage(page: Type<unknown>) {
  const user = signal<Account | null>(ALICE);
  const adoptProfile = jest.fn((changed: Account) => user.set(changed));
  TestBed.configureTestingModule({
    imports: [page],
    providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), { provide: Session, useValue: { user, adoptProfile } }],
  });
  const http = TestBed.inject(HttpTestingController);
  const fixture = TestBed.createComponent(page);
  const element = fixture.nativeElement as HTMLElement;
  const settle = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
    await fixture.whenStable();
  };
  await settle();
  return { http, element, settle, adoptProfile };
}

export function field(scope: HTMLElement, label: string): HTMLInputElement {
  const labelElement = Array.from(scope.querySelectorAll('label')).find((l) => l.textContent?.trim() === label);
  const input = labelElement ? scope.querySelector<HTMLInputElement>(`#${labelElement.htmlFor}`) : null;
  if (!input) throw new Error(`no field labelled ${label}`);
  return input;
}

export function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
  input.dispatchEvent(new Event('blur'));
}

export function button(scope: HTMLElement, text: string): HTMLButtonElement {
  const found = Array.from(scope.querySelectorAll('button')).find((b) => b.textContent?.trim() === text);
  if (!found) throw new Error(`no button ${text}`);
  return found;
}
