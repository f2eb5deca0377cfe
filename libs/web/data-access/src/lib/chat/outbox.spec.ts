import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MESSAGE_ID_PATTERN, type SendMessagePayload } from '@pneumatic/contracts';
import { message } from '../../testing/factories';
import { FakeSocket, settle } from '../../testing/fake-socket';
import { ALICE, connectedTestBed } from '../../testing/signed-in';
import { Outbox } from './outbox';

const stored = (payload: SendMessagePayload, seq = 1) =>
  message(payload.conversation_id, seq, { sender_id: ALICE.id, message_id: payload.message_id, content: payload.content });

describe('Outbox', () => {
  let http: HttpTestingController;
  let socket: FakeSocket;
  let outbox: Outbox;

  beforeEach(async () => {
    ({ http, socket } = await connectedTestBed());
    outbox = TestBed.inject(Outbox);
  });

  afterEach(() => http.verify());

  it('shows a message as pending at once, and lets it go when the ack confirms it', async () => {
    let ack: (value: unknown) => void = () => undefined;
    socket.answers['message:send'] = (payload) =>
      new Promise((resolve) => (ack = () => resolve({ ok: true, message: stored(payload as SendMessagePayload) })));
    const sent = outbox.send('c1', 'hello');

    expect(outbox.pending()).toEqual([expect.objectContaining({ conversation_id: 'c1', content: 'hello', status: 'sending' })]);
    const key = outbox.pending()[0].message_id;
    expect(key).toMatch(MESSAGE_ID_PATTERN);
    await settle();
    expect(socket.emitted).toEqual([{ event: 'message:send', payload: { conversation_id: 'c1', message_id: key, content: 'hello' } }]);

    ack(undefined);
    await expect(sent).resolves.toMatchObject({ message_id: key, seq: 1 });
    expect(outbox.pending()).toEqual([]);
  });

  it('keeps a refused message as failed, with the server’s words, and retries it under the same key', async () => {
    socket.answers['message:send'] = () => ({
      ok: false,
      error: {
        type: 'about:blank',
        title: 'Forbidden',
        status: 403,
        detail: 'You are not a member of this conversation',
        code: 'FORBIDDEN',
      },
    });
    await expect(outbox.send('c1', 'hello')).resolves.toBeNull();
    const [failed] = outbox.pending();
    expect(failed).toMatchObject({ status: 'failed', error: 'You are not a member of this conversation', transient: false });

    socket.answers['message:send'] = (payload) => ({ ok: true, message: stored(payload as SendMessagePayload) });
    await expect(outbox.retry(failed.message_id)).resolves.toMatchObject({ message_id: failed.message_id });
    expect(socket.emitted.map((e) => (e.payload as SendMessagePayload).message_id)).toEqual([failed.message_id, failed.message_id]);
    expect(outbox.pending()).toEqual([]);
  });

  it('counts a refusal for an expired token as passing: the socket comes back with a fresh one', async () => {
    socket.answers['message:send'] = () => ({
      ok: false,
      error: { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Access token expired', code: 'UNAUTHORIZED' },
    });
    await outbox.send('c1', 'just as the token expired');
    expect(outbox.pending()[0]).toMatchObject({ status: 'failed', transient: true });
  });

  it('goes by POST /messages while the socket is down, and marks a network failure as passing', async () => {
    socket.drop('transport close');
    const sent = outbox.send('c1', 'offline hello');
    await settle();
    const request = http.expectOne({ method: 'POST', url: '/messages' });
    const body = request.request.body as SendMessagePayload;
    expect(body).toEqual({ conversation_id: 'c1', message_id: outbox.pending()[0].message_id, content: 'offline hello' });
    request.error(new ProgressEvent('error'), { status: 0 });
    await expect(sent).resolves.toBeNull();
    expect(outbox.pending()[0]).toMatchObject({ status: 'failed', transient: true });

    // Back online: every message that failed for a passing reason goes again, under its key.
    socket.accept();
    socket.answers['message:send'] = (payload) => ({ ok: true, message: stored(payload as SendMessagePayload) });
    const [retried] = outbox.retryTransient();
    await expect(retried).resolves.toMatchObject({ message_id: body.message_id });
    expect(outbox.pending()).toEqual([]);
  });

  it('is confirmed by the live copy of the message too, and a late failure does not bring it back', async () => {
    let fail: () => void = () => undefined;
    socket.answers['message:send'] = () => new Promise((_, reject) => (fail = () => reject(new Error('operation has timed out'))));
    const sent = outbox.send('c1', 'hello');
    const key = outbox.pending()[0].message_id;
    await settle();

    outbox.confirm(message('c1', 7, { sender_id: 'u-bob', message_id: key }), ALICE.id); // someone else's key: not ours
    expect(outbox.pending()).toHaveLength(1);
    outbox.confirm(message('c1', 7, { sender_id: ALICE.id, message_id: key }), ALICE.id);
    expect(outbox.pending()).toEqual([]);

    fail();
    await expect(sent).resolves.toBeNull();
    expect(outbox.pending()).toEqual([]);
  });

  it('discards a failed message on request, never one still sending', async () => {
    socket.answers['message:send'] = () => ({
      ok: false,
      error: { status: 400, detail: 'Content must not be blank', code: 'VALIDATION_FAILED' },
    });
    await outbox.send('c1', 'x');
    socket.answers['message:send'] = () => new Promise(() => undefined);
    void outbox.send('c1', 'y');
    const [failed, sending] = outbox.pending();
    outbox.discard(sending.message_id);
    outbox.discard(failed.message_id);
    expect(outbox.pending().map((entry) => entry.content)).toEqual(['y']);
  });
});
