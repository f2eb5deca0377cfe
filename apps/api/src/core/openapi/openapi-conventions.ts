import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  HeadersObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import {
  DEFAULT_PROBLEM,
  headerRef,
  PROBLEM_SCHEMA_REF,
  PROBLEM_STATUSES,
  RATE_LIMIT_HEADERS,
  RESPONSE_HEADERS,
  TAGS,
} from './openapi-components';

/** What the document cannot see in the decorators: which routes are public, which paths skip rate limits. */
export interface RouteFacts {
  /** operationIds of the routes marked `@Public()`. */
  readonly publicOperations: ReadonlySet<string>;
  /** operationIds of the routes marked `@OptionalAuth()`: a bearer token, or none (a signed link instead). */
  readonly optionalAuthOperations?: ReadonlySet<string>;
  /** operationIds of the routes with login and sign-up's extra limits (`@AuthRateLimit()`). */
  readonly authLimitedOperations: ReadonlySet<string>;
  readonly isRateLimitExempt: (path: string) => boolean;
}

export const BEARER = 'bearer';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;
/** Liveness touches nothing, so it never answers 503. */
const NO_DATABASE = new Set(['/health']);

/**
 * The house conventions, applied to the document `@nestjs/swagger` generates so that no route can forget
 * them (see apps/api/README.md, "Documenting a route"):
 * - security: bearer on every operation, `security: []` on public ones; 401 on every authenticated one;
 * - the answers any operation can give: 400/413/415 from the body parser, 429 and the `X-RateLimit-*`
 *   headers unless exempt, 503 while the database is away, and `default` (500) — all problem details;
 * - `X-Request-Id` on every answer, `Retry-After` on 429 and 503, `WWW-Authenticate` on 401;
 * - `format: uuid` on `id` and `*_id` path parameters; a request example built from the properties' examples;
 * - nullable `$ref`s in a form OpenAPI 3.0 validators accept.
 * Mutates and returns the document.
 */
export function applyConventions(document: OpenAPIObject, facts: RouteFacts): OpenAPIObject {
  document.components ??= {};
  document.components.headers = { ...RESPONSE_HEADERS, ...document.components.headers };
  document.tags = [...TAGS];
  document.security = [{ [BEARER]: [] }];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) conformOperation(path, operation, document, facts);
    }
  }
  for (const schema of Object.values(document.components.schemas ?? {})) fixNullableRefs(schema);
  return document;
}

function conformOperation(path: string, operation: OperationObject, document: OpenAPIObject, facts: RouteFacts): void {
  const operationId = operation.operationId ?? '';
  const isPublic = facts.publicOperations.has(operationId);
  const rateLimited = !facts.isRateLimitExempt(path);
  operation.security = isPublic ? [] : facts.optionalAuthOperations?.has(operationId) ? [{ [BEARER]: [] }, {}] : [{ [BEARER]: [] }];
  for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
    const schema = parameter.schema as SchemaObject | undefined;
    if (parameter.in === 'path' && /(^|_)id$/.test(parameter.name) && schema?.type === 'string') schema.format ??= 'uuid';
  }
  const responses = operation.responses;
  const problems = [400, 413, 415, ...(isPublic ? [] : [401]), ...(rateLimited ? [429] : []), ...(NO_DATABASE.has(path) ? [] : [503])];
  for (const status of problems) responses[status] ??= problemResponse(status);
  responses['default'] ??= {
    description: DEFAULT_PROBLEM.description,
    content: {
      'application/problem+json': {
        schema: PROBLEM_SCHEMA_REF,
        example: problemExample(500, DEFAULT_PROBLEM.code, DEFAULT_PROBLEM.detail),
      },
    },
  };
  for (const [status, response] of Object.entries(responses) as [string, ResponseObject][]) {
    const headers: HeadersObject = { ...response.headers, 'X-Request-Id': headerRef('X-Request-Id') };
    if (rateLimited) for (const name of RATE_LIMIT_HEADERS) headers[name] = headerRef(name);
    const isProblem = response.content?.['application/problem+json'] !== undefined;
    if (isProblem && (status === '429' || status === '503')) headers['Retry-After'] ??= headerRef('Retry-After');
    if (status === '401') headers['WWW-Authenticate'] ??= headerRef('WWW-Authenticate');
    response.headers = headers;
  }
  if (rateLimited) {
    const authLimit = facts.authLimitedOperations.has(operationId)
      ? ' Also limited per IP and per username (`AUTH_RATE_LIMIT_PER_MINUTE`, default 10 a minute).'
      : '';
    operation.description = `${operation.description ?? ''}\n\nRate limited per caller (see \`X-RateLimit-*\`).${authLimit}`.trim();
  }
  addRequestExample(operation, document);
}

function problemResponse(status: number): ResponseObject {
  const known = PROBLEM_STATUSES[status];
  return {
    description: known?.description ?? 'Error',
    content: {
      'application/problem+json': {
        schema: PROBLEM_SCHEMA_REF,
        ...(known ? { example: problemExample(status, known.code, known.detail) } : {}),
      },
    },
  };
}

export function problemExample(status: number, code: string, detail: string): Record<string, unknown> {
  return {
    type: `https://pneumatic.chat/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
  };
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const FORMAT_EXAMPLES: Readonly<Record<string, string>> = {
  uuid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  'date-time': '2026-01-31T12:34:56.789Z',
};

/** A request body's example: the one given, else one built from its properties' own examples. */
function addRequestExample(operation: OperationObject, document: OpenAPIObject): void {
  const body = operation.requestBody;
  if (!body || '$ref' in body) return;
  for (const media of Object.values(body.content)) {
    if (media.example !== undefined || media.examples !== undefined || !media.schema) continue;
    const example = exampleOf(media.schema, document);
    if (example !== undefined) media.example = example;
  }
}

function exampleOf(schema: SchemaObject | ReferenceObject, document: OpenAPIObject): unknown {
  const resolved = '$ref' in schema ? document.components?.schemas?.[schema.$ref.split('/').pop() ?? ''] : schema;
  if (!resolved || '$ref' in resolved) return undefined;
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.type === 'string' && resolved.format && FORMAT_EXAMPLES[resolved.format]) return FORMAT_EXAMPLES[resolved.format];
  if (resolved.type === 'array' && resolved.items) {
    const item = exampleOf(resolved.items, document);
    return item === undefined ? undefined : [item];
  }
  if (!resolved.properties) return undefined;
  const example: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(resolved.properties)) {
    const value = exampleOf(property, document);
    if (value !== undefined) example[name] = value;
  }
  return Object.keys(example).length > 0 ? example : undefined;
}

/**
 * `@ApiProperty({ type: Dto, nullable: true })` comes out as `nullable` beside `allOf: [$ref]`, which
 * OpenAPI 3.0 validators read as "an object that is a Dto" (so null fails). This rewrites it as a Dto
 * or null: `anyOf: [$ref, {nullable, enum: [null]}]`.
 */
function fixNullableRefs(schema: SchemaObject | ReferenceObject): void {
  if ('$ref' in schema) return;
  const properties = schema.properties ?? {};
  for (const [name, property] of Object.entries(properties)) {
    if (!('$ref' in property) && property.nullable && property.allOf?.length === 1 && '$ref' in property.allOf[0]) {
      const { description } = property;
      properties[name] = {
        ...(description ? { description } : {}),
        anyOf: [property.allOf[0], { type: 'object', nullable: true, enum: [null] }],
      };
      continue;
    }
    fixNullableRefs(property);
  }
  if (schema.items) fixNullableRefs(schema.items);
}
