import { LIMITS } from '@pneumatic/contracts';

/** The prose of the AsyncAPI document: what a client writer needs beyond the events' schemas. */
export const REALTIME_DESCRIPTION = `
Two transports carry the same messages: **Socket.IO 4** (\`/socket.io\`, the default namespace: typed events with
acknowledgements, used by the web app) and the original service's **raw WebSocket** protocol (\`/ws\`, JSON text
frames). A message sent any way — REST, Socket.IO or \`/ws\` — reaches every connected device of every member, on every
instance, once; in one conversation everyone sees the same order, \`seq\` (1, 2, 3 … with no gaps). REST
(\`/docs\`, \`/docs-json\`) holds everything else: sign-up, login, the conversation list, history.

## Connecting
Log in with \`POST /auth/login\` and connect with the access token: \`io(url, {auth: {token}, transports: ['websocket']})\`.
A bad or expired token fails the handshake with \`connect_error\` whose \`data.code\` is \`UNAUTHORIZED\`; while the
database is unreachable it is \`SERVICE_UNAVAILABLE\` (retry with backoff). The handshake's \`Origin\` must be one of
\`ALLOWED_ORIGINS\`. When the access token expires the server disconnects the socket: refresh
(\`POST /auth/refresh\`), then reconnect with the new token. Every device of a user is connected at once and sees everything.

## Acknowledgements and errors
Every client event takes an acknowledgement callback, answered \`{ok: true, …}\` or \`{ok: false, error}\` where
\`error\` is a Problem (\`code\` is a stable word: \`VALIDATION_FAILED\`, \`UNAUTHORIZED\`, \`FORBIDDEN\`, \`NOT_FOUND\`,
\`CONFLICT\`, \`RATE_LIMITED\`, \`SERVICE_UNAVAILABLE\`, \`INTERNAL_ERROR\`; \`detail\` is a sentence to show). An event
answered \`ok: false\` changed nothing. Events are limited per user across all devices (\`RATE_LIMIT_PER_MINUTE\` and
\`RATE_LIMIT_PER_HOUR\`; \`typing\` and \`read\` have a budget of their own, four times the per-minute one); over it the
ack is \`RATE_LIMITED\`. A payload over ${LIMITS.frameBytesMax / 1024} KiB disconnects the socket; so does a client that
stops reading while 1,000 packets or 4 MiB wait for it (reconnect and catch up).

## Sending without loss or duplicates
Give every message a fresh \`message_id\` of your own (e.g. \`<device>:<counter>\`) and keep it until the ack. No ack
(timeout, disconnect)? Send it again with the **same** \`message_id\` and content, on any transport: the server
stores a message once per (sender, \`message_id\`) and answers a replay with the stored message. An acked message is
committed: it is never lost. Devices dedupe \`message:new\` by \`id\` (the sender's own device gets its message too).

## Catching up (after a disconnect, a reload, or a gap in \`seq\`)
1. Keep, per conversation, the highest \`seq\` you hold (\`after_seq\`; 0 for none) and its \`last_change_seq\` (\`after_change_seq\`).
2. On (re)connect, emit \`sync {conversations: [{conversation_id, after_seq, after_change_seq}, …]}\` for every conversation you hold.
3. Per result: apply \`messages\` (ascending \`seq\`, at most ${LIMITS.syncPageMax}, already in their current state) and
   \`changes\` (edits and deletions of messages you hold, oldest change first); replace the conversation by \`conversation\`.
   Move \`after_seq\` to the last message's \`seq\`, and \`after_change_seq\` to \`conversation.last_change_seq\` (while
   \`has_more_changes\`: to the last change's \`change_seq\`).
4. Add \`conversations\` (the caller's conversations you did not list, created while you were away) and forget those in
   \`removed\` (you left or were removed, or they do not exist).
5. While any result has \`has_more\` or \`has_more_changes\`, emit \`sync\` again with the new cursors (only those conversations).

Of two copies of a message keep the one with the higher \`change_seq\`; dedupe \`message:new\` by \`id\`. Then the
result has no gap, no duplicate, no stale edit and no deleted text. A \`message:new\` whose \`seq\` is more than one above
what you hold means you missed some: \`sync\` that conversation. A \`message:new\` for a conversation you do not know: fetch
it (\`GET /conversations/{id}\`). REST twins: \`GET /conversations/{id}/messages?after_seq=\` and
\`GET /conversations/{id}/changes?after_change_seq=\`.

## Sessions
When a session ends (logout, revocation, a password change, reuse detection, deactivation) its sockets get
\`session:ended {reason}\` and are disconnected: sign in again rather than reconnect.
`.trim();

export const SOCKET_IO_DESCRIPTION =
  'Socket.IO 4 (Engine.IO 4) at `/socket.io`, default namespace; the websocket transport needs no sticky sessions. Authenticate in the ' +
  'handshake: `auth: {token}`, or `?token=`, or `Authorization: Bearer`.';

export const RAW_WS_DESCRIPTION = `
The original protocol, kept for its clients: \`/ws?token=<access token>\`, JSON text frames. The server sends a
\`message\` frame for every message of every conversation you are in (\`join\` is optional), a \`message_updated\` frame
for every edit and deletion (the original clients ignore it), and an \`error\` frame for
anything wrong — bad JSON or shape, an unknown type, not a member, rate limited — without closing. There is no
catch-up on \`/ws\`: after a reconnect, page with \`GET /conversations/{id}/messages?after_seq=\`.

Close codes: **1008** (policy violation) with the reason "Missing authentication token", "Invalid or expired
token", "Token expired" or why the session ended — log in or refresh, then reconnect; **1009** a frame over ${LIMITS.frameBytesMax / 1024} KiB;
**1013** (try again later) the database is unreachable; **1001** the instance is shutting down — reconnect (to another
instance).
`.trim();
