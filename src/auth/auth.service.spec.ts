import { jest } from '@jest/globals';
import type { AppConfig } from '../config/app-config.js';
import type { AppError } from '../common/app-error.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import type { PasswordsService } from '../users/passwords.service.js';
import type { UsersService } from '../users/users.service.js';
import { AuthService } from './auth.service.js';
import type { TokensService } from './tokens.service.js';
import type { PasswordAttemptsService } from '../users/password-attempts.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { EmailVerificationService } from '../accounts/email-verification.service.js';

const applicant = { name: 'Eva', surname: 'Ruiz', email: 'eva@vitalis.test', password: 'long enough' };

function setup(adminKey: string | null) {
  const create = jest.fn<UsersService['create']>().mockResolvedValue({} as never);
  const users = { create } as unknown as UsersService;
  const sut = new AuthService(
    { adminKey } as AppConfig,
    users,
    {} as PasswordsService,
    {} as SessionsService,
    {} as TokensService,
    {} as PasswordAttemptsService,
    { record: () => Promise.resolve() } as unknown as AuditService,
    {} as EmailVerificationService,
  );
  return { sut, create };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as AppError).code;
  }
}

describe('AuthService.register', () => {
  it('makes a patient when no adminKey is given', async () => {
    const { sut, create } = setup('the-key');
    await sut.register(applicant);
    expect(create).toHaveBeenCalledWith({ ...applicant, rol: 'user' }, expect.any(Function));
  });

  it('makes an admin with the right adminKey', async () => {
    const { sut, create } = setup('the-key');
    await sut.register({ ...applicant, adminKey: 'the-key' });
    expect(create).toHaveBeenCalledWith({ ...applicant, rol: 'admin' }, expect.any(Function));
  });

  it('says INVALID_ADMIN_KEY for a wrong key, and for any key while admin registration is off', async () => {
    await expect(codeOf(setup('the-key').sut.register({ ...applicant, adminKey: 'the-kez' }))).resolves.toBe(
      'INVALID_ADMIN_KEY',
    );
    const off = setup(null);
    await expect(codeOf(off.sut.register({ ...applicant, adminKey: '' }))).resolves.toBe('INVALID_ADMIN_KEY');
    expect(off.create).not.toHaveBeenCalled();
  });
});
