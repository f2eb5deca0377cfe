/**
 * The baseline: a bare Socket.IO server with the product's room layout (one room per user, a message
 * emitted to its members' rooms), the same events and acks, and no auth, validation or database.
 * The handshake's `auth.token` is taken as the user id. Layout: JSON file `{ [conversationId]: [userId…] }`.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const layout = JSON.parse(readFileSync(process.env.BARE_LAYOUT, 'utf8'));
const seqs = new Map();
const http = createServer((request, response) => response.end('ok'));
const io = new Server(http, { path: '/socket.io', maxHttpBufferSize: 64 * 1024 });

io.on('connection', (socket) => {
  const userId = String(socket.handshake.auth?.token ?? '');
  socket.join(`user:${userId}`);
  socket.on('message:send', (payload, ack) => {
    const members = layout[payload?.conversation_id];
    if (!members) return ack?.({ ok: false, error: { code: 'NOT_FOUND' } });
    const seq = (seqs.get(payload.conversation_id) ?? 0) + 1;
    seqs.set(payload.conversation_id, seq);
    const message = {
      id: randomUUID(),
      message_id: payload.message_id,
      sender_id: userId,
      conversation_id: payload.conversation_id,
      seq,
      content: payload.content,
      created_at: new Date().toISOString(),
    };
    io.to(members.map((id) => `user:${id}`)).emit('message:new', { message });
    ack?.({ ok: true, message });
  });
});

http.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('listening'));
