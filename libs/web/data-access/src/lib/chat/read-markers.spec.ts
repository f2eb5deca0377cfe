import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ReadPayload } from '@pneumatic/contracts';
import { conversation } from '../../testing/factories';
import { FakeSocket } from '../../testing/fake-socket';
import { connectedTestBed } from '../../testing/signed-in';
import { READ_MARKER_DELAY_MS, ReadMarkers } from './read-markers';

describe('ReadMarkers', () => {
  let http: HttpTestingController;
  let socket: FakeSocket;
  let markers: ReadMarkers;
  let sent: ReadPayload[];

  const reads = () => socket.emitted.filter((e) => e.event === 'read').map((e) => e.payload);

  beforeEach(async () => {
    ({ http, socket } = await connectedTestBed());
    sent = [];
    socket.answers.read = (payload) => {
      sent.push(payload as ReadPayload);
      return { ok: true, seq: (payload as ReadPayload).seq };
    };
    markers = TestBed.inject(ReadMarkers);
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
  });

  afterEach(() => {
    markers.clear();
    jest.useRealTimers();
    http.verify();
  });

  it('gathers what is seen for a moment and sends the highest seq once, by the socket', async () => {
    markers.seen('c1', 3);
    markers.seen('c1', 5);
    markers.seen('c1', 4); // never backwards
    await jest.advanceTimersByTimeAsync(READ_MARKER_DELAY_MS - 1);
    expect(sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([{ conversation_id: 'c1', seq: 5 }]);
  });

  it('sends nothing the server already holds: its copies, acks, own messages and reads on other devices', async () => {
    markers.confirm('c1', 7);
    markers.seen('c1', 7);
    markers.seen('c1', 6);
    await jest.advanceTimersByTimeAsync(READ_MARKER_DELAY_MS);
    expect(sent).toEqual([]);

    markers.seen('c1', 9);
    markers.confirm('c1', 9); // another device read it meanwhile
    await jest.advanceTimersByTimeAsync(READ_MARKER_DELAY_MS);
    expect(sent).toEqual([]);

    markers.seen('c1', 10);
    await jest.advanceTimersByTimeAsync(READ_MARKER_DELAY_MS);
    markers.seen('c1', 10); // acked: the same seq again is no move
    await jest.advanceTimersByTimeAsync(READ_MARKER_DELAY_MS);
    expect(sent).toEqual([{ conversation_id: 'c1', seq: 10 }]);
  });

  it('sends what was read meanwhile after the answer to the previous one', async () => {
    let answer: () => void = () => undefined;
    socket.answers.read = (payload) => {
      sent.push(payload as ReadPayload);
      return new Promise((resolve) => (answer = () => resolve({ ok: true, seq: (payload as ReadPayload).seq })));
    };
    markers.seen('c1', 2);
    await jest.advanceTimersByTimeAsync(READ_MARKER_DELAY_MS);
    markers.seen('c1', 4);
    await jest.advanceTimersByTimeAsync(READ_MARKER_DELAY_MS * 3);
    expect(sent).toHaveLength(1);
    answer();
    await jest.advanceTimersByTimeAsync(READ_MARKER_DELAY_MS);
    expect(sent.map((p) => p.seq)).toEqual([2, 4]);
  });

  it('uses the REST twin while disconnected, and keeps a marker that failed to go for the next flush', async () => {
    socket.drop('transport close');
    markers.seen('c1', 3);
    await jest.advanceTimersByTimeAsync(READ_MARKER_DELAY_MS);
    const failed = http.expectOne('/conversations/c1/read');
    expect(failed.request.method).toBe('POST');
    expect(failed.request.body).toEqual({ seq: 3 });
    failed.error(new ProgressEvent('error'), { status: 0 });
    await jest.advanceTimersByTimeAsync(0);

    markers.flush();
    await jest.advanceTimersByTimeAsync(0);
    http.expectOne('/conversations/c1/read').flush(conversation('c1', { last_seq: 3, last_read_seq: 3 }));
    await jest.advanceTimersByTimeAsync(0);
    markers.flush();
    http.expectNone('/conversations/c1/read');
    expect(reads()).toEqual([]);
  });

  it('drops a marker the server refuses for good (not a member)', async () => {
    socket.answers.read = () => ({ ok: false, error: { status: 403, detail: 'You are not a member of this conversation' } });
    markers.seen('c1', 3);
    await jest.advanceTimersByTimeAsync(READ_MARKER_DELAY_MS);
    markers.flush();
    await jest.advanceTimersByTimeAsync(READ_MARKER_DELAY_MS);
    expect(reads()).toHaveLength(1);
  });
});
