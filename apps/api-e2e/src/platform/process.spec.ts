import { runUntilExit, startServer } from '../support/server';

describe('the API process', () => {
  it('refuses to start with an invalid setting and names the variable', async () => {
    const { code, output } = await runUntilExit({ PORT: 'eighty', SQLITE_PATH: ':memory:' });
    expect(code).toBe(1);
    expect(output).toContain('PORT must be a whole number');
  });

  it('refuses to start in production without SECRET_KEY', async () => {
    const { code, output } = await runUntilExit({ NODE_ENV: 'production', SECRET_KEY: '', SQLITE_PATH: ':memory:' });
    expect(code).toBe(1);
    expect(output).toContain('SECRET_KEY is required when NODE_ENV=production');
  });

  it('stops cleanly on SIGTERM', async () => {
    const server = await startServer({ database: 'sqlite' });
    try {
      expect(await server.stop()).toBe(0);
      expect(server.output.join('\n')).toContain('SIGTERM: draining');
    } finally {
      await server.dispose();
    }
  });
});
