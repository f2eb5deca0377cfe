import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { LIMITS } from '@pneumatic/contracts';
import { ProblemDto } from '../http/api-problems';
import { IS_OPTIONAL_AUTH, IS_PUBLIC } from '../http/public.decorator';
import { applyConventions, BEARER, type RouteFacts } from './openapi-conventions';

/** Where the prose reference lives, relative to the repository root (the document cannot link into a clone). */
export const PROTOCOL_REFERENCE = 'docs/README.md';

const DESCRIPTION = `
The REST API of Pneumatic Chat, a self-hosted real-time chat. Everything a client needs to sign up, chat and
catch up is here and in the real-time document beside it; the prose reference is \`${PROTOCOL_REFERENCE}\` in
the repository.

**Real time**: Socket.IO at \`/socket.io\` and the original raw WebSocket protocol at \`/ws\` are described by the
AsyncAPI 3 document at [/docs/asyncapi.json](/docs/asyncapi.json), readable at [/docs/asyncapi](/docs/asyncapi):
every event both ways, acknowledgements, errors, close codes and the catch-up algorithm.

**A client in five steps**: \`POST /auth/signup\`, then \`POST /auth/login\` for an access token (send it as
\`Authorization: Bearer …\`; it expires after \`expires_in\` seconds: exchange the refresh token at
\`POST /auth/refresh\`); \`GET /users\` and \`POST /conversations\` to start talking; connect Socket.IO with
\`auth: {token}\`, send with \`message:send\` and receive \`message:new\`; after any disconnect, \`sync\` from the
highest \`seq\` you hold in each conversation.

**Conventions**: JSON bodies only (\`Content-Type: application/json\`, at most ${LIMITS.bodyBytesMax / 1024} KiB);
snake_case fields; ids are UUIDs; times are ISO 8601 UTC with milliseconds; lists are wrapped
(\`{"users": [...]}\`); unknown fields are refused. Every error is RFC 9457 problem details
(\`application/problem+json\`: \`type\`, \`title\`, \`status\`, \`detail\` — a sentence to show —, \`code\` — a stable
word to switch on —, and \`errors: [{field, message}]\` for invalid fields).

**Rate limits**: per caller (the user of a valid token, else the IP), 60 requests a minute and 1000 an hour by
default; every answer but the probes' carries \`X-RateLimit-Limit\`, \`X-RateLimit-Remaining\` and
\`X-RateLimit-Reset\` (Unix seconds) of the tightest limit; over it, 429 with \`Retry-After\`.

**Idempotency**: \`POST /messages\` and \`message:send\` are keyed by your \`message_id\` (per sender): resending
after a timeout never duplicates a message.
`.trim();

/** The OpenAPI 3.0 document of every REST route, with the house conventions applied. */
export function createOpenApiDocument(
  app: INestApplication,
  facts: Pick<RouteFacts, 'isRateLimitExempt'> & { authRateLimitKey: string },
): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.0.3')
    .setTitle('Pneumatic Chat API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0')
    .setLicense('MIT', 'https://spdx.org/licenses/MIT.html')
    .addServer('/', 'The server this document came from')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The `access_token` of `POST /auth/login`' }, BEARER)
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto] });
  const marked = markedOperations(app, { public: IS_PUBLIC, optionalAuth: IS_OPTIONAL_AUTH, authLimited: facts.authRateLimitKey });
  return applyConventions(document, {
    publicOperations: marked.public,
    optionalAuthOperations: marked.optionalAuth,
    authLimitedOperations: marked.authLimited,
    isRateLimitExempt: facts.isRateLimitExempt,
  });
}

/**
 * The operationIds (`Controller_method`, as @nestjs/swagger names them) of the handlers whose metadata —
 * on the method or its controller — sets each key to true.
 */
function markedOperations<K extends string>(app: INestApplication, keys: Record<K, string>): Record<K, Set<string>> {
  const reflector = app.get(Reflector);
  const found = Object.fromEntries(Object.keys(keys).map((name) => [name, new Set<string>()])) as Record<K, Set<string>>;
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const handler: unknown = controller.prototype[method];
        if (method === 'constructor' || typeof handler !== 'function') continue;
        for (const [name, key] of Object.entries(keys) as [K, string][]) {
          if (reflector.getAllAndOverride<boolean>(key, [handler, controller]) === true) found[name].add(`${controller.name}_${method}`);
        }
      }
    }
  }
  return found;
}
