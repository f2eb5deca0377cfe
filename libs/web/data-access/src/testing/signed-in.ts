import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Account } from '@pneumatic/contracts';
import { authInterceptor } from '../lib/auth/auth.interceptor';
import { Session } from '../lib/auth/session';
import { ChatSocket, SOCKET_FACTORY } from '../lib/realtime/chat-socket';
import { FakeSocket, settle } from './fake-socket';

export const ALICE: Account = {
  id: 'u-alice',
  username: 'alice',
  full_name: 'Alice Liddell',
  deactivated: false,
  avatar_url: null,
  administrator: false,
};

/** What the API sets beside the refresh cookie (which scripts cannot see): a session may be resumed. */
export function setSessionHint(present = true): void {
  document.cookie = present ? 'pc_session=1; path=/' : 'pc_session=; path=/; max-age=0';
}

/**
 * A TestBed with the real HTTP stack (answered by HttpTestingController), a fake Socket.IO client, and Alice
 * signed in with access token `access-1`.
 */
export async function signedInTestBed(): Promise<{ http: HttpTestingController; session: Session; sockets: FakeSocket[] }> {
  const sockets: FakeSocket[] = [];
  setSessionHint();
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      {
        provide: SOCKET_FACTORY,
        useValue: (options: ConstructorParameters<typeof FakeSocket>[0]) => {
          const socket = new FakeSocket(options);
          sockets.push(socket);
          return Promise.resolve(socket);
        },
      },
    ],
  });
  const http = TestBed.inject(HttpTestingController);
  const session = TestBed.inject(Session);
  const restored = session.restore();
  http.expectOne('/auth/refresh').flush({ access_token: 'access-1', refresh_token: 'r', token_type: 'bearer', expires_in: 1800 });
  await settle();
  http.expectOne('/auth/me').flush(ALICE);
  await restored;
  return { http, session, sockets };
}

/** {@link signedInTestBed} with the chat socket connected and accepted by the (fake) server. */
export async function connectedTestBed(): Promise<{ http: HttpTestingController; socket: FakeSocket }> {
  const { http, sockets } = await signedInTestBed();
  TestBed.inject(ChatSocket).connect();
  await settle();
  const [socket] = sockets;
  socket.accept();
  return { http, socket };
}
