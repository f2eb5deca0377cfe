import { Test } from '@nestjs/testing';
import { APP_CONFIG } from '../../config/config.module';
import { ConflictError, ForbiddenError, NotFoundError, SessionEndedError } from '../../core/errors';
import { DomainEvents } from '../../core/events/domain-events';
import type { AuthUser } from '../../core/http/current-user.decorator';
import { Database } from '../../database/database.service';
import { authFixture } from '../../../test/auth-fixture';
import { inlineDatabase, presenceProviders, testConfig } from '../../../test/test-service';
import { SessionsService } from '../auth/sessions.service';
import { Administrators } from '../users/administrators';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import { AdminService } from './admin.service';

describe('AdminService', () => {
  const config = testConfig({ ADMIN_USERNAMES: 'root,deputy' });
  let fixture: ReturnType<typeof authFixture>;
  let sut: AdminService;
  let root: AuthUser;
  let alice: AuthUser;
  let aliceTokens: { access_token: string; refresh_token: string };

  const signIn = async (username: string) => {
    await fixture.auth.signup({ username, password: 'correct horse' });
    const tokens = await fixture.auth.login({ username, password: 'correct horse' });
    return { tokens, caller: await fixture.auth.authenticate(tokens.access_token) };
  };

  beforeEach(async () => {
    fixture = authFixture(config);
    const module = await Test.createTestingModule({
      providers: [
        AdminService,
        UsersService,
        Administrators,
        ...presenceProviders,
        { provide: APP_CONFIG, useValue: config },
        { provide: Database, useValue: inlineDatabase },
        { provide: DomainEvents, useValue: fixture.events },
        { provide: UsersRepository, useValue: fixture.users },
        { provide: SessionsService, useValue: fixture.sessions },
      ],
    }).compile();
    sut = module.get(AdminService);
    root = (await signIn('root')).caller;
    const signedIn = await signIn('alice');
    alice = signedIn.caller;
    aliceTokens = signedIn.tokens;
  });

  it('lets only administrators act: anyone else is 403', async () => {
    await expect(sut.list(alice, {})).rejects.toThrow(ForbiddenError);
    await expect(sut.deactivate(alice, root.id)).rejects.toThrow(ForbiddenError);
    await expect(sut.reactivate(alice, alice.id)).rejects.toThrow(ForbiddenError);
  });

  it('deactivates: every session ends, login is refused, contacts are told; again is a no-op', async () => {
    const told: unknown[] = [];
    fixture.events.on('user.updated', ({ user }) => told.push(user));
    const log = jest.spyOn((sut as unknown as { logger: { log: (...args: unknown[]) => void } }).logger, 'log');
    await expect(sut.deactivate(root, alice.id)).resolves.toMatchObject({ id: alice.id, deactivated: true });
    await expect(fixture.auth.authenticate(aliceTokens.access_token)).rejects.toThrow(new SessionEndedError('deactivated'));
    await expect(fixture.auth.refresh(aliceTokens.refresh_token)).rejects.toThrow(new SessionEndedError('deactivated'));
    await expect(fixture.auth.login({ username: 'alice', password: 'correct horse' })).rejects.toThrow('Incorrect username or password');
    await expect(sut.deactivate(root, alice.id)).resolves.toMatchObject({ deactivated: true });
    expect(told).toEqual([expect.objectContaining({ id: alice.id, deactivated: true })]);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(
      expect.objectContaining({ actor_id: root.id, actor: 'root', user_id: alice.id }),
      'administrator deactivated a user',
    );
  });

  it('reactivates: the user can log in again, and the old sessions stay ended', async () => {
    await sut.deactivate(root, alice.id);
    await expect(sut.reactivate(root, alice.id)).resolves.toMatchObject({ deactivated: false });
    await expect(fixture.auth.login({ username: 'alice', password: 'correct horse' })).resolves.toBeDefined();
    await expect(fixture.auth.authenticate(aliceTokens.access_token)).rejects.toThrow(SessionEndedError);
  });

  it('refuses to deactivate an administrator (the caller included), and answers 404 for an unknown user', async () => {
    const deputy = (await signIn('deputy')).caller;
    await expect(sut.deactivate(root, deputy.id)).rejects.toThrow(ConflictError);
    await expect(sut.deactivate(root, root.id)).rejects.toThrow(ConflictError);
    await expect(sut.deactivate(root, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(NotFoundError);
  });

  it('lists everyone, the deactivated included', async () => {
    await sut.deactivate(root, alice.id);
    expect((await sut.list(root, {})).map((user) => [user.username, user.deactivated])).toEqual([
      ['alice', true],
      ['root', false],
    ]);
  });
});
