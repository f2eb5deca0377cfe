import type { Client, QueryResult } from 'pg';
import { isDatabaseUnavailable } from '../core/errors/database-errors';

/** One SQL statement with `$1` placeholders and its values. */
export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * A PostgreSQL connection of its own in pipeline mode, for group commit: BEGIN, the statements and COMMIT are written
 * back to back, so a whole transaction costs one round trip and the server runs its statements without waiting for
 * the client between them. Opened on first use; a connection that breaks is dropped and the next transaction opens
 * another.
 */
export class PipelinedConnection {
  private current: { readonly client: Client; readonly ready: Promise<Client> } | null = null;

  constructor(private readonly create: () => Client) {}

  /**
   * Runs `statements` in one transaction and returns each one's rows. When one fails, the server skips the rest and
   * the COMMIT that follows rolls back (a failed transaction cannot commit): nothing is stored and the first failure
   * is thrown.
   */
  async transaction(statements: readonly Statement[]): Promise<Record<string, unknown>[][]> {
    const client = await this.connected();
    const sent = [client.query('BEGIN'), ...statements.map((s) => client.query(s.sql, [...s.params])), client.query('COMMIT')];
    const settled = await Promise.allSettled(sent);
    const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) {
      if (isDatabaseUnavailable(failure.reason)) this.drop(client);
      throw failure.reason;
    }
    const results = settled.map((outcome) => (outcome as PromiseFulfilledResult<QueryResult>).value);
    // Never expected once every statement succeeded; checked so that a lost write can never be acknowledged.
    if (results[results.length - 1].command !== 'COMMIT') throw new Error('the pipelined transaction was rolled back');
    return results.slice(1, -1).map((result) => result.rows);
  }

  /** Closes the connection (on shutdown, once the writes in flight are done). */
  async close(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (current) await current.client.end().catch(() => undefined);
  }

  private connected(): Promise<Client> {
    if (!this.current) {
      const client = this.create();
      // A dead socket (server restart, network cut): forget this connection; pg fails its queries itself.
      client.on('error', () => this.drop(client));
      client.on('end', () => this.drop(client));
      const ready = client.connect().then(
        () => client,
        (error: unknown) => {
          this.drop(client);
          throw error;
        },
      );
      this.current = { client, ready };
    }
    return this.current.ready;
  }

  private drop(client: Client): void {
    if (this.current?.client !== client) return;
    this.current = null;
    client.end().catch(() => undefined);
  }
}
