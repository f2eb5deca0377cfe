import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { applyConventions, type RouteFacts } from './openapi-conventions';

/** The operation at a path and method, failing the test when it is missing. */
function operationAt(document: OpenAPIObject, path: string, method: 'get' | 'post'): OperationObject {
  const operation = document.paths[path]?.[method];
  if (!operation) throw new Error(`no ${method} ${path}`);
  return operation;
}

const facts: RouteFacts = {
  publicOperations: new Set(['Auth_login']),
  authLimitedOperations: new Set(['Auth_login']),
  isRateLimitExempt: (path) => path === '/health',
};

function documentWith(paths: OpenAPIObject['paths'], schemas: Record<string, object> = {}): OpenAPIObject {
  return { openapi: '3.0.3', info: { title: 't', version: '1' }, paths, components: { schemas } } as OpenAPIObject;
}

describe('the OpenAPI house conventions', () => {
  it('secure every operation with bearer but the public ones, and give each the answers any route can give', () => {
    const document = applyConventions(
      documentWith({
        '/auth/login': { post: { operationId: 'Auth_login', responses: { 200: { description: 'ok' } } } },
        '/auth/me': { get: { operationId: 'Auth_me', responses: { 200: { description: 'ok' } } } },
        '/health': { get: { operationId: 'Health_live', responses: { 200: { description: 'ok' } } } },
      }),
      facts,
    );
    const login = operationAt(document, '/auth/login', 'post');
    const me = operationAt(document, '/auth/me', 'get');
    const health = operationAt(document, '/health', 'get');
    expect(login.security).toEqual([]);
    expect(me.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(login.responses).sort()).toEqual(['200', '400', '413', '415', '429', '503', 'default']);
    expect(Object.keys(me.responses)).toContain('401');
    expect(Object.keys(health.responses).sort()).toEqual(['200', '400', '401', '413', '415', 'default']);
    expect(login.description).toContain('per IP and per username');
  });

  it('declare X-Request-Id on every answer, the rate-limit headers unless exempt, Retry-After on 429 and WWW-Authenticate on 401', () => {
    const document = applyConventions(
      documentWith({
        '/auth/me': { get: { operationId: 'Auth_me', responses: { 200: { description: 'ok' } } } },
        '/health': { get: { operationId: 'Health_live', responses: { 200: { description: 'ok' } } } },
      }),
      facts,
    );
    const me = operationAt(document, '/auth/me', 'get').responses as Record<string, { headers: object }>;
    expect(Object.keys(me['200'].headers)).toEqual(['X-Request-Id', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']);
    expect(Object.keys(me['429'].headers)).toContain('Retry-After');
    expect(Object.keys(me['401'].headers)).toContain('WWW-Authenticate');
    const health = operationAt(document, '/health', 'get').responses as Record<string, { headers: object }>;
    expect(Object.keys(health['200'].headers)).toEqual(['X-Request-Id']);
    expect(document.components?.headers?.['X-RateLimit-Reset']).toBeDefined();
  });

  it('rewrite a nullable $ref so that null validates under OpenAPI 3.0, and build request examples from property examples', () => {
    const document = applyConventions(
      documentWith(
        {
          '/things/{id}': {
            post: {
              operationId: 'Things_create',
              parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
              requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Input' } } } },
              responses: { 201: { description: 'ok' } },
            },
          },
        },
        {
          Input: { type: 'object', properties: { owner_id: { type: 'string', format: 'uuid' }, name: { type: 'string', example: 'x' } } },
          Output: {
            type: 'object',
            properties: { last: { nullable: true, type: 'object', allOf: [{ $ref: '#/components/schemas/Input' }] } },
          },
        },
      ),
      facts,
    );
    const operation = operationAt(document, '/things/{id}', 'post');
    expect(operation.parameters?.[0]).toMatchObject({ schema: { type: 'string', format: 'uuid' } });
    expect(operation.requestBody).toMatchObject({
      content: { 'application/json': { example: { owner_id: expect.any(String), name: 'x' } } },
    });
    expect((document.components?.schemas?.['Output'] as { properties: object }).properties).toEqual({
      last: { anyOf: [{ $ref: '#/components/schemas/Input' }, { type: 'object', nullable: true, enum: [null] }] },
    });
  });
});
