import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { safeEqual } from '../common/safe-equal.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { ClientInfo } from '../common/auth.decorators.js';
import { type IssuedSession, SessionsService } from '../sessions/sessions.service.js';
import { PasswordsService } from '../users/passwords.service.js';
import type { UserDto } from '../users/user.dto.js';
import type { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import type { AuthUser } from '../common/auth-user.js';
import type { AuthResultDto } from './dto/auth-result.dto.js';
import type { LoginDto } from './dto/login.dto.js';
import type { RegisterDto } from './dto/register.dto.js';
import { type SessionDto, toSessionDto } from './dto/session.dto.js';
import { TokensService } from './tokens.service.js';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly passwords: PasswordsService,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
  ) {}

  /** Self-registration makes a patient, or an admin with the right KEY_FOR_ADMIN. */
  register(dto: RegisterDto): Promise<UserDto> {
    const { adminKey, ...profile } = dto;
    if (
      adminKey !== undefined &&
      (this.config.adminKey === null || !safeEqual(adminKey, this.config.adminKey))
    ) {
      return Promise.reject(new AppError('INVALID_ADMIN_KEY'));
    }
    return this.users.create({ ...profile, rol: adminKey === undefined ? 'user' : 'admin' });
  }

  /** One answer, in the same time, for an unknown e-mail and a wrong password. */
  async login(dto: LoginDto, client: ClientInfo): Promise<AuthResultDto> {
    const user = await this.users.findForLogin(dto.email);
    if (!(await this.passwords.verify(dto.password, user?.passwordHash ?? null)) || !user) {
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (!user.isActive) {
      throw new AppError('USER_DISABLED');
    }
    return this.issue(user, await this.sessions.create(user.id, client));
  }

  async refresh(refreshToken: string, client: ClientInfo): Promise<AuthResultDto> {
    const issued = await this.sessions.refresh(refreshToken, client);
    const user = await this.users.findActive(issued.session.userId);
    if (!user) {
      await this.sessions.revoke(issued.session.userId, issued.session.id);
      throw new AppError('REFRESH_INVALID');
    }
    return this.issue(user, issued);
  }

  async logout(me: AuthUser): Promise<void> {
    await this.sessions.revoke(me.id, me.sessionId);
  }

  logoutAll(me: AuthUser): Promise<void> {
    return this.sessions.revokeAll(me.id);
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
  }

  private issue(user: User, { session, refreshToken }: IssuedSession): AuthResultDto {
    const token = this.tokens.sign({ sub: user.id, sid: session.id, rol: user.rol });
    const { id, name, surname, email, rol } = user;
    return { id, name, surname, email, rol, token, refreshToken, expiresIn: this.tokens.accessTtlSeconds };
  }
}
