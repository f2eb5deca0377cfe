import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Muting (SPEC 10.3): each member's own switch on a conversation. */
export class Mute1765600000000 implements MigrationInterface {
  readonly name = 'Mute1765600000000';

  async up(runner: QueryRunner): Promise<void> {
    const pg = runner.connection.options.type === 'postgres';
    await runner.query(`ALTER TABLE conversation_members ADD COLUMN muted boolean NOT NULL DEFAULT ${pg ? 'false' : '0'}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE conversation_members DROP COLUMN muted');
  }
}
