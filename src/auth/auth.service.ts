import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { safeEqual } from '../common/safe-equal.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { currentContext } from '../common/request-context.js';
import { type IssuedSession, SessionsService } from '../sessions/sessions.service.js';
import { attemptAddress, PasswordAttemptsService } from '../users/password-attempts.service.js';
import { PasswordsService } from '../users/passwords.service.js';
import type { UserDto } from '../users/user.dto.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { AuthUser } from './auth-user.js';
import type { AuthResultDto } from './dto/auth-result.dto.js';
import type { LoginDto } from './dto/login.dto.js';
import type { RegisterDto } from './dto/register.dto.js';
import { type SessionDto, toSessionDto } from './dto/session.dto.js';
import { TokensService } from './tokens.service.js';
import { AuditService } from '../audit/audit.service.js';
import { EmailVerificationService } from '../accounts/email-verification.service.js';
import type { Transaction } from '../database/transaction.js';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly passwords: PasswordsService,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly attempts: PasswordAttemptsService,
    private readonly audit: AuditService,
    private readonly verification: EmailVerificationService,
  ) {}

  /** Self-registration makes a patient, or an admin with the right KEY_FOR_ADMIN. Admin attempts are audited. */
  async register(dto: RegisterDto): Promise<UserDto> {
    const { adminKey, ...profile } = dto;
    // The account and its verification mail are made in one transaction.
    const verify = (tx: Transaction, user: User) => this.verification.queueVerification(tx, user);
    if (adminKey === undefined) {
      return this.users.create({ ...profile, rol: 'user' }, verify);
    }
    if (this.config.adminKey === null || !safeEqual(adminKey, this.config.adminKey)) {
      await this.audit.record('admin_key_refused', { details: { email: profile.email } });
      throw new AppError('INVALID_ADMIN_KEY');
    }
    const created = await this.users.create({ ...profile, rol: 'admin' }, verify);
    await this.audit.record('admin_registered', { actorId: created.id, subjectId: created.id });
    return created;
  }

  /**
   * One answer, in the same time, for an unknown e-mail and a wrong password. The attempt is counted before
   * the password is compared, so a burst cannot outrun the lock-out.
   */
  async login(dto: LoginDto): Promise<AuthResultDto> {
    const key = { subject: dto.email, ip: attemptAddress(currentContext().ip) };
    await this.attempts.reserve(key);
    const user = await this.users.findForLogin(dto.email);
    if (!(await this.passwords.verify(dto.password, user?.passwordHash ?? null)) || !user) {
      const subject = { subjectId: user?.id ?? null, details: { email: dto.email } };
      await this.audit.record('login_failed', subject);
      if (await this.attempts.fail(key)) {
        await this.audit.record('login_locked', {
          ...subject,
          details: { ...subject.details, minutes: this.config.loginLockMinutes },
        });
      }
      throw new AppError('INVALID_CREDENTIALS');
    }
    await this.attempts.succeed(key);
    if (!user.isActive) {
      throw new AppError('USER_DISABLED');
    }
    // After the password check, so it tells a guesser nothing.
    if (this.config.requireVerifiedEmail && user.emailVerifiedAt === null) {
      throw new AppError('EMAIL_NOT_VERIFIED');
    }
    const result = this.issue(user, await this.sessions.create(user.id));
    await this.audit.record('login_succeeded', { actorId: user.id, subjectId: user.id });
    return result;
  }

  async refresh(refreshToken: string): Promise<AuthResultDto> {
    const issued = await this.sessions.refresh(refreshToken);
    const user = await this.users.findActive(issued.session.userId);
    if (!user) {
      await this.sessions.revoke(issued.session.userId, issued.session.id);
      throw new AppError('REFRESH_INVALID');
    }
    return this.issue(user, issued);
  }

  async logout(me: AuthUser): Promise<void> {
    await this.sessions.revoke(me.id, me.sessionId);
    await this.audit.record('logout', {
      actorId: me.id,
      subjectId: me.id,
      details: { sessionId: me.sessionId },
    });
  }

  async logoutAll(me: AuthUser): Promise<void> {
    await this.sessions.revokeAll(me.id);
    await this.audit.record('logout_all', { actorId: me.id, subjectId: me.id });
  }

  async listSessions(me: AuthUser): Promise<SessionDto[]> {
    const sessions = await this.sessions.listLive(me.id);
    return sessions.map((session) => toSessionDto(session, me.sessionId));
  }

  /** Another user's session (or an unknown id) is 404: never reveal which. */
  async revokeSession(me: AuthUser, sessionId: string): Promise<void> {
    if (!(await this.sessions.revoke(me.id, sessionId))) {
      throw new AppError('NOT_FOUND');
    }
    await this.audit.record('session_revoked', { actorId: me.id, subjectId: me.id, details: { sessionId } });
  }

  private issue(user: User, { session, refreshToken }: IssuedSession): AuthResultDto {
    const token = this.tokens.sign({ sub: user.id, sid: session.id, rol: user.rol });
    const { id, name, surname, email, rol } = user;
    return { id, name, surname, email, rol, token, refreshToken, expiresIn: this.tokens.accessTtlSeconds };
  }
}
