import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reactions (SPEC 10.3) live on their message as one JSON text, `[{emoji, user_ids}]` in the order each emoji was
 * first used: every read of a message already has them (history, sync, changes, last_message) without another
 * query or join, and a reaction change rewrites them inside the change-feed transaction that holds the row.
 * A message carries at most 20 emoji, so the text stays small.
 */
export class Reactions1765400000000 implements MigrationInterface {
  readonly name = 'Reactions1765400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE messages ADD COLUMN reactions text NOT NULL DEFAULT '[]'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE messages DROP COLUMN reactions');
  }
}
