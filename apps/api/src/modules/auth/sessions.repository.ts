import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { SessionEndReason } from '@pneumatic/contracts';
import { EntityManager, IsNull, MoreThan, Not, Repository } from 'typeorm';
import { SessionEntity } from './session.entity';

/** Which sessions to end: one by id, or all of a user's (but one, e.g. the caller's own). */
export type SessionSelector = { readonly sessionId: string } | { readonly userId: string; readonly except?: string };

/** The only code that reads and writes the sessions table; `manager` joins a caller's transaction. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>) {}

  private repo(manager?: EntityManager): Repository<SessionEntity> {
    return manager ? manager.getRepository(SessionEntity) : this.sessions;
  }

  findById(id: string, manager?: EntityManager): Promise<SessionEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  async insert(session: SessionEntity, manager?: EntityManager): Promise<void> {
    await this.repo(manager).insert(session);
  }

  /**
   * Marks a session used (a refresh) unless it has ended; true when it was live. On PostgreSQL the update locks the
   * row, so a refresh and an ending of the same session never interleave: whichever commits second sees the first.
   */
  async renew(id: string, at: Date, expiresAt: Date, manager?: EntityManager): Promise<boolean> {
    const result = await this.repo(manager).update({ id, endedAt: IsNull() }, { lastUsedAt: at, expiresAt });
    return (result.affected ?? 0) > 0;
  }

  /** A user's sessions that have neither ended nor expired, most recently used first. */
  live(userId: string, now: Date): Promise<SessionEntity[]> {
    return this.sessions.find({ where: { userId, endedAt: IsNull(), expiresAt: MoreThan(now) }, order: { lastUsedAt: 'DESC' } });
  }

  /** Ends the selected sessions still live at `at`, and answers exactly those (read back by their end time). */
  async end(selector: SessionSelector, reason: SessionEndReason, at: Date, manager: EntityManager): Promise<SessionEntity[]> {
    const where =
      'sessionId' in selector
        ? { id: selector.sessionId, endedAt: IsNull() }
        : { userId: selector.userId, endedAt: IsNull(), ...(selector.except ? { id: Not(selector.except) } : {}) };
    const result = await this.repo(manager).update(where, { endedAt: at, endReason: reason });
    if ((result.affected ?? 0) === 0) return [];
    const match = 'sessionId' in selector ? { id: selector.sessionId } : { userId: selector.userId };
    return this.repo(manager).find({ where: { ...match, endedAt: at, endReason: reason } });
  }

  /** Sessions ended after `since` (for the revocation set of every instance). */
  endedSince(since: Date): Promise<Pick<SessionEntity, 'id' | 'userId' | 'endedAt' | 'endReason'>[]> {
    return this.sessions.find({
      select: { id: true, userId: true, endedAt: true, endReason: true },
      where: { endedAt: MoreThan(since) },
    });
  }
}
