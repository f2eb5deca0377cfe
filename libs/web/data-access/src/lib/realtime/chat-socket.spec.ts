import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom, take, toArray } from 'rxjs';
import { message } from '../../testing/factories';
import { FakeSocket, settle } from '../../testing/fake-socket';
import { signedInTestBed } from '../../testing/signed-in';
import { ChatSocket } from './chat-socket';

const fresh = (access: string) => ({ access_token: access, refresh_token: 'r', token_type: 'bearer', expires_in: 1800 });

describe('ChatSocket', () => {
  let http: HttpTestingController;
  let sockets: FakeSocket[];
  let chat: ChatSocket;
  let socket: FakeSocket;

  beforeEach(async () => {
    ({ http, sockets } = await signedInTestBed());
    chat = TestBed.inject(ChatSocket);
    chat.connect();
    expect(chat.state()).toBe('connecting');
    await settle(); // the client's code loads
    socket = sockets[0];
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('connects once to /socket.io over WebSocket, presenting the access token at the handshake', async () => {
    chat.connect();
    await settle();
    expect(sockets).toHaveLength(1);
    expect(socket.options).toMatchObject({ path: '/socket.io', transports: ['websocket'], autoConnect: false });
    expect(socket.connectCalls).toBe(1);
    await expect(socket.handshakeToken()).resolves.toBe('access-1');
    expect(chat.state()).toBe('connecting');
    socket.accept();
    expect(chat.state()).toBe('connected');
    expect(chat.isConnected()).toBe(true);
  });

  it('announces every (re)connection, so the store can catch up each time', async () => {
    const connections = firstValueFrom(chat.connected$.pipe(take(2), toArray()));
    socket.accept();
    socket.drop('transport close');
    expect(chat.state()).toBe('reconnecting');
    socket.failTransport();
    expect(chat.state()).toBe('reconnecting');
    expect(socket.connectCalls).toBe(1); // Socket.IO retries transports by itself
    socket.accept();
    await expect(connections).resolves.toHaveLength(2);
  });

  it('refreshes the token and connects again when the handshake is refused as unauthorized', async () => {
    socket.accept();
    socket.refuse('UNAUTHORIZED');
    expect(chat.state()).toBe('reconnecting');
    await settle();
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/auth/refresh').flush(fresh('access-2'));
    await settle();
    expect(socket.connectCalls).toBe(2);
    await expect(socket.handshakeToken()).resolves.toBe('access-2');
  });

  it('connects again with a valid token when the server lets the socket go (its token expired)', async () => {
    socket.accept();
    socket.drop('io server disconnect');
    expect(chat.state()).toBe('reconnecting');
    await new Promise((resolve) => setTimeout(resolve));
    expect(socket.connectCalls).toBe(2);
    socket.accept();
    expect(chat.state()).toBe('connected');
  });

  it('backs off when the server keeps refusing, instead of hammering it', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    socket.refuse('RATE_LIMITED');
    await jest.advanceTimersByTimeAsync(0);
    expect(socket.connectCalls).toBe(2);
    socket.refuse('RATE_LIMITED');
    await jest.advanceTimersByTimeAsync(999);
    expect(socket.connectCalls).toBe(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(socket.connectCalls).toBe(3);
    socket.refuse('RATE_LIMITED');
    await jest.advanceTimersByTimeAsync(1999);
    expect(socket.connectCalls).toBe(3);
    await jest.advanceTimersByTimeAsync(1);
    expect(socket.connectCalls).toBe(4);
  });

  it('stops when the session is over (the refresh is refused)', async () => {
    socket.refuse('UNAUTHORIZED');
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/auth/refresh').flush({ status: 401, detail: 'Refresh token reused' }, { status: 401, statusText: 'Unauthorized' });
    await settle();
    expect(chat.state()).toBe('idle');
    expect(socket.connectCalls).toBe(1);
  });

  it('does not open a socket when stopped while the client was loading', async () => {
    chat.disconnect();
    chat.connect();
    chat.disconnect();
    await settle();
    expect(sockets).toHaveLength(2);
    expect(sockets[1].connectCalls).toBe(0);
    expect(chat.state()).toBe('idle');
  });

  it('passes live events on', async () => {
    const received = firstValueFrom(chat.messages$);
    socket.accept();
    socket.push('message:new', { message: message('c1', 1) });
    await expect(received).resolves.toEqual(message('c1', 1));
  });

  it('refuses to send while disconnected, and sends with an acknowledgement when connected', async () => {
    expect(() => chat.sendMessage({ conversation_id: 'c1', message_id: 'k1', content: 'hi' })).toThrow(/not open/);
    socket.accept();
    socket.answers['message:send'] = () => ({ ok: true, message: message('c1', 1) });
    await expect(chat.sendMessage({ conversation_id: 'c1', message_id: 'k1', content: 'hi' })).resolves.toEqual({
      ok: true,
      message: message('c1', 1),
    });
  });
});
