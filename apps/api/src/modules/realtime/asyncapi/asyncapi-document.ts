import type { OpenAPIObject } from '@nestjs/swagger';
import { LIMITS, SESSION_END_REASONS } from '@pneumatic/contracts';
import { JsonSchema, referencedSchemas, schemaName, schemaRef, toJsonSchema } from './json-schema';
import { CLIENT_EVENTS, ClientEventDoc, EventDoc, RAW_CLIENT_FRAMES, RAW_SERVER_FRAMES, SERVER_EVENTS } from './realtime-events';
import { REALTIME_DESCRIPTION, SOCKET_IO_DESCRIPTION, RAW_WS_DESCRIPTION } from './realtime-prose';

type Json = Record<string, unknown>;

/** `message:send` → `message-send`: AsyncAPI component keys allow no colon. */
const keyOf = (name: string): string => name.replace(/:/g, '-');

const ackSchema = (doc: ClientEventDoc): JsonSchema => ({
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['ok', ...Object.keys(doc.ack.properties)],
      properties: { ok: { const: true }, ...doc.ack.properties },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['ok', 'error'],
      properties: { ok: { const: false }, error: schemaRef('Problem') },
    },
  ],
});

const CONNECT_ERROR: EventDoc = {
  summary: 'The handshake was refused (Socket.IO’s own event): a bad or expired token, a refused Origin, or the database away',
  payload: {
    type: 'object',
    required: ['message'],
    properties: {
      message: { type: 'string' },
      data: {
        type: 'object',
        required: ['code'],
        properties: {
          code: { type: 'string', enum: ['UNAUTHORIZED', 'FORBIDDEN', 'SERVICE_UNAVAILABLE'] },
          detail: { type: 'string' },
          session_ended: { type: 'string', enum: [...SESSION_END_REASONS], description: 'The token’s session has ended: sign in again' },
        },
      },
    },
  },
};

/**
 * The AsyncAPI 3.1 document of both real-time transports, built from the event descriptions (typed by the
 * contract's event names) and the OpenAPI document's schemas of the wire objects, so neither can drift.
 */
export function createAsyncApiDocument(openApi: OpenAPIObject): Json {
  const messages: Json = {};
  const socketIo: Json = {};
  const raw: Json = {};
  const operations: Json = {};
  const add = (channel: Json, channelName: string, key: string, name: string, doc: EventDoc): Json => {
    messages[key] = {
      name,
      title: name,
      summary: doc.summary,
      ...(doc.description ? { description: doc.description } : {}),
      payload: doc.payload,
    };
    channel[key] = { $ref: `#/components/messages/${key}` };
    return { $ref: `#/channels/${channelName}/messages/${key}` };
  };

  for (const [event, doc] of Object.entries(CLIENT_EVENTS)) {
    const request = add(socketIo, 'socketio', `client.${keyOf(event)}`, event, doc);
    const ack = add(socketIo, 'socketio', `ack.${keyOf(event)}`, `${event} ack`, {
      summary: `The acknowledgement of \`${event}\`: \`{ok: true, …}\` or \`{ok: false, error: Problem}\``,
      payload: ackSchema(doc),
    });
    operations[`receive.${keyOf(event)}`] = {
      action: 'receive',
      title: event,
      summary: doc.summary,
      channel: { $ref: '#/channels/socketio' },
      messages: [request],
      reply: { channel: { $ref: '#/channels/socketio' }, messages: [ack] },
    };
  }
  for (const [event, doc] of [...Object.entries(SERVER_EVENTS), ['connect_error', CONNECT_ERROR] as const]) {
    const message = add(socketIo, 'socketio', `server.${keyOf(event)}`, event, doc);
    operations[`send.${keyOf(event)}`] = {
      action: 'send',
      title: event,
      summary: doc.summary,
      channel: { $ref: '#/channels/socketio' },
      messages: [message],
    };
  }
  for (const [type, doc] of Object.entries(RAW_CLIENT_FRAMES)) {
    const message = add(raw, 'raw', `raw-client.${type}`, type, doc);
    operations[`receive-raw.${type}`] = {
      action: 'receive',
      title: `/ws ${type}`,
      summary: doc.summary,
      channel: { $ref: '#/channels/raw' },
      messages: [message],
    };
  }
  for (const [type, doc] of Object.entries(RAW_SERVER_FRAMES)) {
    const message = add(raw, 'raw', `raw-server.${type}`, type, doc);
    operations[`send-raw.${type}`] = {
      action: 'send',
      title: `/ws ${type}`,
      summary: doc.summary,
      channel: { $ref: '#/channels/raw' },
      messages: [message],
    };
  }

  const wireSchemas = Object.fromEntries(
    Object.entries(openApi.components?.schemas ?? {}).map(([name, schema]) => [schemaName(name), toJsonSchema(schema)]),
  );
  const used = referencedSchemas(messages, wireSchemas);
  const host = { host: { default: 'localhost:3000', description: 'The API’s host and port, the same as for REST' } };

  return {
    asyncapi: '3.1.0',
    info: {
      title: 'Pneumatic Chat real time',
      version: openApi.info.version,
      description: REALTIME_DESCRIPTION,
      license: { name: 'MIT', url: 'https://spdx.org/licenses/MIT.html' },
    },
    defaultContentType: 'application/json',
    servers: {
      socketio: {
        host: '{host}',
        pathname: '/socket.io',
        protocol: 'ws',
        title: 'Socket.IO 4',
        description: SOCKET_IO_DESCRIPTION,
        variables: host,
        security: [{ $ref: '#/components/securitySchemes/accessToken' }],
      },
      ws: {
        host: '{host}',
        pathname: '/ws',
        protocol: 'ws',
        title: 'The original raw WebSocket protocol',
        description: RAW_WS_DESCRIPTION,
        variables: host,
        security: [{ $ref: '#/components/securitySchemes/tokenQuery' }],
      },
    },
    channels: {
      socketio: {
        address: '/',
        title: 'Socket.IO default namespace',
        description: `Events are JSON; a packet is at most ${LIMITS.frameBytesMax / 1024} KiB. Every client event takes an acknowledgement callback.`,
        servers: [{ $ref: '#/servers/socketio' }],
        messages: socketIo,
      },
      raw: {
        address: '/ws',
        title: 'Raw WebSocket frames',
        description: `JSON text frames of at most ${LIMITS.frameBytesMax / 1024} KiB, each an object with a \`type\`.`,
        servers: [{ $ref: '#/servers/ws' }],
        messages: raw,
      },
    },
    operations,
    components: {
      schemas: Object.fromEntries([...used].sort().map((name) => [name, wireSchemas[name]])),
      messages,
      securitySchemes: {
        accessToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The access token of `POST /auth/login`, as `io(url, {auth: {token}})` (or `?token=`, or `Authorization: Bearer`).',
        },
        tokenQuery: { type: 'httpApiKey', in: 'query', name: 'token', description: 'The access token, as `/ws?token=…`.' },
      },
    },
  };
}
