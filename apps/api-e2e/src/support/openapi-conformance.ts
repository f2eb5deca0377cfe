import addFormats from 'ajv-formats';
import OpenAPIBackend, { SetMatchType, type Document } from 'openapi-backend';
import { readFileSync } from 'node:fs';

/** One answer the suites provoked, as the conformance check sees it. */
export interface RecordedAnswer {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body, `undefined` when there was none or it was not JSON. */
  readonly body: unknown;
}

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json$/;

/**
 * Checks answers against the OpenAPI document the built server serves (written by global-setup), with
 * openapi-backend: the operation is found by method and path, the body validated against the schema of
 * its status (else `default`), and the documented headers must all be there with the documented types.
 * Answers to paths the document does not describe (the web app, /metrics, unknown paths) are not checked.
 */
export class OpenApiConformance {
  private readonly api: OpenAPIBackend;
  private readonly document: Document;
  private ready: Promise<unknown> | null = null;

  constructor(documentPath: string) {
    this.document = JSON.parse(readFileSync(documentPath, 'utf8')) as Document;
    this.api = new OpenAPIBackend({
      // openapi-backend validates bodies of `application/json` only: every JSON media type of this API
      // (`application/problem+json` is the other) is given to it under that name; check() holds the
      // answer's real Content-Type to the one documented.
      definition: JSON.parse(JSON.stringify(this.document).replace(/"application\/problem\+json"/g, '"application/json"')) as Document,
      quick: true,
      strict: false,
      ajvOpts: { strict: false },
      customizeAjv: (ajv) => addFormats(ajv),
    });
  }

  /** Problems with the answer, or an empty list when it conforms (or is not the document's). */
  async check(answer: RecordedAnswer): Promise<string[]> {
    this.ready ??= this.api.init();
    await this.ready;
    const url = new URL(answer.url);
    const operation = this.api.router.matchOperation({ method: answer.method.toLowerCase(), path: url.pathname, headers: {}, query: {} });
    if (!operation) return [];
    const documented = this.document.paths?.[operation.path]?.[operation.method as 'get'];
    const responses = (documented?.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
    const expected = responses[String(answer.status)] ?? responses['default'];
    const where = `${answer.method.toUpperCase()} ${url.pathname} → ${answer.status}`;
    if (!expected) return [`${where}: the document lists no such status and no default`];
    const problems: string[] = [];
    const contentType = String(answer.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const mediaTypes = Object.keys(expected.content ?? {});
    if (mediaTypes.length === 0 && answer.body !== undefined) problems.push(`${where}: a body where the document has none`);
    // A media range (`*/*`, `image/*`) stands for the types it covers: a download answers with its file's own type.
    const covers = (range: string) => range === contentType || range === '*/*' || (range.endsWith('/*') && contentType.startsWith(range.slice(0, -1)));
    if (mediaTypes.length > 0 && !mediaTypes.some(covers)) {
      problems.push(`${where}: Content-Type ${contentType || '(none)'}, documented ${mediaTypes.join(' or ')}`);
    }
    if (JSON_TYPE.test(contentType) || answer.status === 204) {
      const body = this.api.validator.validateResponse(answer.status === 204 ? null : answer.body, operation, answer.status);
      for (const error of body.errors ?? []) problems.push(`${where}: body${error.instancePath} ${error.message ?? ''}`);
    }
    // Node gives repeated headers (Set-Cookie) as arrays; the document types each header as one value.
    const single = Object.fromEntries(
      Object.entries(answer.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]),
    );
    const headers = this.api.validator.validateResponseHeaders(single, operation, {
      statusCode: answer.status,
      setMatchType: SetMatchType.Superset,
    });
    for (const error of headers.errors ?? []) problems.push(`${where}: headers${error.instancePath} ${error.message ?? ''}`);
    return problems;
  }
}
