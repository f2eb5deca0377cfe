import type { SessionEndReason } from '@pneumatic/contracts';
import type { SessionEntity } from '../../src/modules/auth/session.entity';
import type { SessionSelector, SessionsRepository } from '../../src/modules/auth/sessions.repository';
import type { PublicOf } from '../test-service';

/** In-memory sessions; `queries` counts every call, for tests that a path touches no database. */
export class FakeSessionsRepository implements PublicOf<SessionsRepository> {
  readonly rows = new Map<string, SessionEntity>();
  queries = 0;

  async findById(id: string) {
    this.queries++;
    const row = this.rows.get(id);
    return row ? { ...row } : null;
  }

  async insert(session: SessionEntity) {
    this.queries++;
    this.rows.set(session.id, { ...session });
  }

  async renew(id: string, at: Date, expiresAt: Date) {
    this.queries++;
    const row = this.rows.get(id);
    if (!row || row.endedAt) return false;
    Object.assign(row, { lastUsedAt: at, expiresAt });
    return true;
  }

  async live(userId: string, now: Date) {
    this.queries++;
    return [...this.rows.values()]
      .filter((row) => row.userId === userId && !row.endedAt && row.expiresAt > now)
      .sort((a, b) => b.lastUsedAt.getTime() - a.lastUsedAt.getTime());
  }

  async end(selector: SessionSelector, reason: SessionEndReason, at: Date) {
    this.queries++;
    const selected = [...this.rows.values()].filter((row) =>
      'sessionId' in selector ? row.id === selector.sessionId : row.userId === selector.userId && row.id !== selector.except,
    );
    const ended = selected.filter((row) => !row.endedAt);
    for (const row of ended) Object.assign(row, { endedAt: at, endReason: reason });
    return ended.map((row) => ({ ...row }));
  }

  async endedSince(since: Date) {
    this.queries++;
    return [...this.rows.values()].filter((row) => row.endedAt && row.endedAt > since).map((row) => ({ ...row }));
  }
}
