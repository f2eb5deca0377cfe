import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';

/** Which way and on which transport: the keys of the schemas global-setup extracts from the AsyncAPI document. */
export type RealtimeKind = 'socketio:client' | 'socketio:server' | 'socketio:ack' | 'raw:client' | 'raw:server';

/** Payload schemas by kind and event name (Socket.IO event, ack of an event, or `/ws` frame type). */
export type RealtimeSchemas = Record<RealtimeKind, Record<string, object>>;

export interface RecordedEvent {
  readonly kind: RealtimeKind;
  readonly name: string;
  readonly payload: unknown;
}

const recorded: RecordedEvent[] = [];

/** Called by the socket helpers for everything the server sends a test's clients. */
export function recordRealtimeEvent(event: RecordedEvent): void {
  recorded.push(event);
}

export const takeRecordedEvents = (): RecordedEvent[] => recorded.splice(0);

/** What was recorded since the last check, left in place for it. */
export const recordedEvents = (): readonly RecordedEvent[] => recorded;

/**
 * Checks what the server sent against the AsyncAPI document's payload schemas (as its parser resolved
 * them, saved by global-setup), with Ajv: an event the document does not describe fails as well.
 */
export class AsyncApiConformance {
  readonly schemas: RealtimeSchemas;
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(schemasPath: string) {
    this.schemas = JSON.parse(readFileSync(schemasPath, 'utf8')) as RealtimeSchemas;
  }

  check(event: RecordedEvent): string[] {
    const where = `${event.kind} ${event.name}`;
    const schema = this.schemas[event.kind]?.[event.name];
    if (!schema) return [`${where}: not in the AsyncAPI document`];
    const key = `${event.kind}/${event.name}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    if (validate(event.payload)) return [];
    return (validate.errors ?? []).map(
      (error) => `${where}: payload${error.instancePath} ${error.message ?? ''} (${JSON.stringify(event.payload).slice(0, 200)})`,
    );
  }
}
