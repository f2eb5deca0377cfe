/**
 * A load process (forked by bench/run.mjs): holds real socket.io-client connections and runs the
 * scenarios the orchestrator asks for, answering each command with its measurements.
 * Every conversation it drives has all its members' sockets here, so latency uses one clock.
 */
import { io } from 'socket.io-client';
import { sleep } from './stats.mjs';

/** Named sets of sockets: index → { socket, userId }. */
const sets = new Map();
/** What a received `message:new` means right now (set by the running scenario). */
let onMessage = () => {};
const PADDING = 'x'.repeat(80);

function connectOne(url, token) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('connect timed out'));
    }, 30_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
  });
}

const handlers = {
  /** Opens one socket per client, `concurrency` handshakes at a time. */
  async connect({ set, url, clients, concurrency = 100 }) {
    const sockets = new Array(clients.length);
    let next = 0;
    let failed = 0;
    let firstError = null;
    const started = performance.now();
    const lane = async () => {
      while (next < clients.length) {
        const index = next++;
        try {
          const socket = await connectOne(url, clients[index].token);
          socket.on('message:new', ({ message }) => onMessage(message, index));
          sockets[index] = { socket, userId: clients[index].userId };
        } catch (error) {
          failed++;
          firstError ??= String(error?.message ?? error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, clients.length) }, lane));
    sets.set(set, sockets);
    return { connected: clients.length - failed, failed, firstError, ms: performance.now() - started };
  },

  close({ set }) {
    for (const entry of sets.get(set) ?? []) entry?.socket.close();
    sets.delete(set);
    return {};
  },

  /**
   * Open-loop sending: `rate` messages/s spread round-robin over every member of `conversations`
   * (`[{ id, members: [socket index…] }]`), for `durationMs`; then waits up to `drainMs` for the
   * outstanding acks and deliveries. Every member's socket (the sender's included) must get each
   * acked message exactly once.
   */
  async capacity({ set, conversations, rate, durationMs, drainMs, tag }) {
    const sockets = sets.get(set);
    const senders = conversations.flatMap((conversation) => conversation.members.map((index) => ({ index, conversation })));
    const pending = new Map();
    const deliverMs = [];
    const ackMs = [];
    let sent = 0;
    let acked = 0;
    let errors = 0;
    let firstError = null;
    let duplicates = 0;
    let deliveries = 0;
    let deliveriesInWindow = 0;
    let ackedInWindow = 0;
    let windowOpen = true;
    onMessage = (message, receiver) => {
      const entry = pending.get(message.message_id);
      if (!entry) return;
      if (entry.receivedBy.has(receiver)) {
        duplicates++;
        return;
      }
      entry.receivedBy.add(receiver);
      deliveries++;
      if (windowOpen) deliveriesInWindow++;
      if (receiver !== entry.sender) deliverMs.push(performance.now() - entry.sentAt);
    };
    const sendOne = () => {
      const { index, conversation } = senders[sent % senders.length];
      const messageId = `${tag}-${sent}`;
      sent++;
      const entry = {
        sentAt: performance.now(),
        sender: index,
        expected: conversation.members.length,
        receivedBy: new Set(),
        acked: false,
      };
      pending.set(messageId, entry);
      sockets[index].socket.emit(
        'message:send',
        { conversation_id: conversation.id, message_id: messageId, content: `${messageId} ${PADDING}` },
        (ack) => {
          if (ack?.ok) {
            entry.acked = true;
            acked++;
            if (windowOpen) ackedInWindow++;
            ackMs.push(performance.now() - entry.sentAt);
          } else {
            errors++;
            firstError ??= ack?.error?.code ?? 'no ack';
          }
        },
      );
    };
    const started = performance.now();
    while (performance.now() - started < durationMs) {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      while (sent < due) sendOne();
      await sleep(2);
    }
    const windowSeconds = (performance.now() - started) / 1000;
    windowOpen = false;
    const outstanding = () => {
      let missing = 0;
      for (const entry of pending.values()) if (!entry.acked || entry.receivedBy.size < entry.expected) missing++;
      return missing;
    };
    const drainStarted = performance.now();
    while (outstanding() > 0 && performance.now() - drainStarted < drainMs) await sleep(20);
    await sleep(100); // late duplicates, if any, would arrive now
    let lost = 0;
    let unacked = 0;
    for (const entry of pending.values()) {
      if (!entry.acked) unacked++;
      else lost += entry.expected - entry.receivedBy.size;
    }
    onMessage = () => {};
    return {
      sent,
      acked,
      ackedInWindow,
      errors,
      firstError,
      unacked,
      lost,
      duplicates,
      deliveries,
      deliveriesInWindow,
      windowSeconds,
      deliverMs,
      ackMs,
    };
  },

  /** One sender (socket 0) to a conversation whose members are every socket of the set: time until the last has it. */
  async fanout({ set, conversationId, messages, intervalMs, tag }) {
    const sockets = sets.get(set);
    const lastMs = [];
    const allMs = [];
    let lost = 0;
    for (let n = 0; n < messages; n++) {
      const messageId = `${tag}-${n}`;
      const receivedBy = new Set();
      const sentAt = performance.now();
      let last = 0;
      const done = new Promise((resolve) => {
        onMessage = (message, receiver) => {
          if (message.message_id !== messageId || receivedBy.has(receiver)) return;
          receivedBy.add(receiver);
          last = performance.now() - sentAt;
          allMs.push(last);
          if (receivedBy.size === sockets.length) resolve();
        };
      });
      sockets[0].socket.emit('message:send', {
        conversation_id: conversationId,
        message_id: messageId,
        content: `${messageId} ${PADDING}`,
      });
      await Promise.race([done, sleep(5000)]);
      if (receivedBy.size < sockets.length) lost += sockets.length - receivedBy.size;
      else lastMs.push(last);
      await sleep(intervalMs);
    }
    onMessage = () => {};
    return { lastMs, allMs, lost };
  },
};

process.on('message', async (command) => {
  try {
    const result = await handlers[command.cmd](command);
    process.send({ id: command.id, ok: true, result });
  } catch (error) {
    process.send({ id: command.id, ok: false, error: String(error?.stack ?? error) });
  }
});
