import { Test } from 'supertest';
import { AsyncApiConformance, takeRecordedEvents } from './asyncapi-conformance';
import { OpenApiConformance, type RecordedAnswer } from './openapi-conformance';

/**
 * Runs before every e2e suite (jest `setupFilesAfterEnv`): every HTTP answer a suite gets through supertest
 * or fetch is recorded, and after each test (and after the suite's own hooks) checked against the OpenAPI
 * document of the built server; every Socket.IO event, acknowledgement and `/ws` frame the socket helpers
 * receive, against the AsyncAPI document's schemas. A test whose traffic does not match fails, naming the
 * operation or event and what differs. Suites need no change to be covered.
 */
const documentPath = process.env['E2E_OPENAPI_DOCUMENT'];
const schemasPath = process.env['E2E_ASYNCAPI_DOCUMENT'];
if (!documentPath || !schemasPath)
  throw new Error('E2E_OPENAPI_DOCUMENT or E2E_ASYNCAPI_DOCUMENT is not set: the e2e global-setup writes them');
const conformance = new OpenApiConformance(documentPath);
const realtime = new AsyncApiConformance(schemasPath);
const pending: Promise<RecordedAnswer | null>[] = [];

const hasBody = (text: string | undefined): boolean => text !== undefined && text !== '';

type AssertFn = (this: Test, error: Error | null, response: RecordedResponse | undefined, fn: unknown) => unknown;
interface RecordedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text?: string;
}
const prototype = Test.prototype as unknown as { assert: AssertFn; method: string; url: string };
const assert = prototype.assert;
prototype.assert = function (this: Test & { method: string; url: string }, error, response, fn) {
  if (response) {
    const { method, url } = this;
    // A suite's own parser (downloads read as bytes) leaves no text: a JSON body it parsed still counts.
    const parsedOnly = response.text === undefined && typeof response.body === 'object' && !Buffer.isBuffer(response.body);
    const body = (hasBody(response.text) || parsedOnly) && typeof response.body === 'object' ? response.body : undefined;
    pending.push(Promise.resolve({ method, url, status: response.status, headers: response.headers, body }));
  }
  return assert.call(this, error, response, fn);
};

const originalFetch = globalThis.fetch;
globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const response = await originalFetch(input, init);
  const url = input instanceof Request ? input.url : String(input);
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  pending.push(
    response
      .clone()
      .text()
      .then((text) => {
        let body: unknown;
        if (hasBody(text) && /json/.test(response.headers.get('content-type') ?? '')) body = JSON.parse(text);
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => (headers[name] = value));
        return { method, url, status: response.status, headers, body };
      })
      // A body cut off (the server killed mid-answer) is the test's business, not the document's.
      .catch(() => null),
  );
  return response;
};

async function checkRecordedAnswers(): Promise<void> {
  const answers = await Promise.all(pending.splice(0));
  const problems: string[] = [];
  for (const answer of answers) if (answer) problems.push(...(await conformance.check(answer)));
  if (problems.length > 0) {
    throw new Error(`answers that do not match the OpenAPI document (/docs-json):\n  ${[...new Set(problems)].join('\n  ')}`);
  }
  const events = takeRecordedEvents().flatMap((event) => realtime.check(event));
  if (events.length > 0) {
    throw new Error(`events that do not match the AsyncAPI document (/docs/asyncapi.json):\n  ${[...new Set(events)].join('\n  ')}`);
  }
}

afterEach(checkRecordedAnswers);
afterAll(checkRecordedAnswers);
