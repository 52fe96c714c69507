import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { violates } from '../common/db-errors.js';
import { inTransaction, type Transaction } from '../database/transaction.js';
import { accountLinks } from './account-links.js';
import type { Page } from '../common/pagination.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuditService } from '../audit/audit.service.js';
import { SessionEvents } from '../sessions/session-events.js';
import { SessionsService } from '../sessions/sessions.service.js';
import type { ChangePasswordDto } from './dto/change-password.dto.js';
import type { CreateUserDto } from './dto/create-user.dto.js';
import type { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import type { ProfileDto } from './dto/profile.dto.js';
import type { UpdateMeDto } from './dto/update-me.dto.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import { PasswordAttemptsService } from './password-attempts.service.js';
import { PasswordsService } from './passwords.service.js';
import {
  toUserPage,
  USER_COLUMNS,
  userCountStatement,
  userDtoOf,
  userPageStatement,
  type UserRow,
} from './user-list.js';
import { type PatientDto, toPatientDto, toUserDto, type UserDto } from './user.dto.js';
import { EMAIL_UNIQUE_INDEX, User } from './user.entity.js';
import { type Role } from '../auth/roles.js';

export interface NewUser extends ProfileDto {
  name: string;
  surname: string;
  email: string;
  password: string;
  rol: Role;
  specialty?: string | null;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly passwords: PasswordsService,
    private readonly attempts: PasswordAttemptsService,
    private readonly sessions: SessionsService,
    private readonly sessionEvents: SessionEvents,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Inserts a user; the database's unique index decides a duplicate e-mail, even under concurrency. `andThen` runs
   * in the same transaction (registration queues the verification mail there: both happen, or neither).
   */
  async create(
    input: NewUser | CreateUserDto,
    andThen?: (tx: Transaction, user: User) => Promise<void>,
  ): Promise<UserDto> {
    assertSpecialtyFitsRole(input.rol, input.specialty ?? null);
    const user = this.users.create({
      name: input.name,
      surname: input.surname,
      email: input.email,
      passwordHash: await this.passwords.hash(input.password),
      rol: input.rol,
      specialty: input.specialty ?? null,
      phone: input.phone ?? null,
      birthDate: input.birthDate ?? null,
      nationalId: input.nationalId ?? null,
      locale: input.locale ?? this.config.defaultLocale,
    });
    try {
      const saved = await inTransaction(this.users.manager, async (tx) => {
        const inserted = await tx.manager.save(user);
        await andThen?.(tx, inserted);
        return inserted;
      });
      return toUserDto(saved);
    } catch (error) {
      if (violates(error, EMAIL_UNIQUE_INDEX)) {
        throw new AppError('EMAIL_TAKEN');
      }
      throw error;
    }
  }

  /** A live user (GET /auth/me, /api/users/:id): one statement, the answer's columns only. */
  async findOne(id: string): Promise<UserDto> {
    const rows: UserRow[] = await this.users.query(
      `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL`,
      [id],
    );
    if (rows.length === 0) {
      throw new AppError('NOT_FOUND');
    }
    return userDtoOf(rows[0]);
  }

  /** A live patient's profile (GET /api/patients/:id); anyone else is 404, as an unknown id. */
  async findPatient(id: string): Promise<PatientDto> {
    const user = await this.findOne(id);
    if (user.rol !== 'user') {
      throw new AppError('NOT_FOUND');
    }
    return toPatientDto(user);
  }

  /** A user's role (a deleted user's too with `withDeleted`), or null when there is no such user. */
  async roleOf(id: string, { withDeleted }: { withDeleted: boolean }): Promise<Role | null> {
    const user = await this.users.findOne({ where: { id }, select: { id: true, rol: true }, withDeleted });
    return user?.rol ?? null;
  }

  /** The user if it exists, is not deleted and is active. */
  findActive(id: string): Promise<User | null> {
    return this.users.findOneBy({ id, isActive: true });
  }

  /** The active user with this role, else 404 NOT_FOUND (an unknown id and a wrong role look the same). */
  async findActiveWithRole(id: string, rol: Role): Promise<User> {
    const user = await this.users.findOneBy({ id, rol, isActive: true });
    if (!user) {
      throw new AppError('NOT_FOUND');
    }
    return user;
  }

  /** The live user with this e-mail and its password hash, for login. */
  findForLogin(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('lower(user.email) = lower(:email)', { email })
      .getOne();
  }

  /** One statement for the page and its count (user-list.ts); a second one only for a page past the end. */
  async list(query: ListUsersQueryDto): Promise<Page<UserDto>> {
    const page = userPageStatement(query);
    const rows: UserRow[] = await this.users.query(page.text, page.params);
    if (rows.length > 0) {
      return toUserPage(rows, query, 0);
    }
    const count = userCountStatement(query);
    const [{ total }]: { total: number }[] = await this.users.query(count.text, count.params);
    return toUserPage(rows, query, total);
  }

  async updateMe(id: string, dto: UpdateMeDto): Promise<UserDto> {
    const user = await this.getLive(id);
    return toUserDto(await this.users.save(Object.assign(user, dto)));
  }

  /** Admin edit. A role change away from doctor drops the specialty; disabling ends every session at once. */
  async update(actorId: string, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const user = await this.getLive(id);
    const previousRole = user.rol;
    const disabling = dto.isActive === false && user.isActive;
    const rol = dto.rol ?? user.rol;
    const specialty = dto.specialty !== undefined ? dto.specialty : rol === 'doctor' ? user.specialty : null;
    assertSpecialtyFitsRole(rol, specialty);
    const roleChanged = rol !== user.rol;
    Object.assign(user, { ...dto, rol, specialty });
    const saved = await inTransaction(this.users.manager, async (tx) => {
      const saved = await tx.manager.save(user);
      if (dto.isActive === false) {
        await this.sessions.revokeAll(id, undefined, tx);
        // A link mailed before must not work if the account is enabled again.
        await accountLinks.expire(tx, id);
      }
      return saved;
    });
    if (roleChanged) {
      // Chat sockets joined their rooms by the old role (a former admin must leave the staff room).
      this.sessionEvents.ended({ userId: id });
      await this.audit.record('user_role_changed', {
        actorId,
        subjectId: id,
        details: { from: previousRole, to: rol },
      });
    }
    if (disabling) {
      await this.audit.record('user_disabled', { actorId, subjectId: id });
    }
    return toUserDto(saved);
  }

  /** Soft delete: history stays, the e-mail becomes free, every session ends. */
  async remove(actorId: string, id: string): Promise<void> {
    const user = await this.getLive(id);
    await inTransaction(this.users.manager, async (tx) => {
      await tx.manager.softRemove(user);
      await this.sessions.revokeAll(id, undefined, tx);
      await accountLinks.expire(tx, id);
    });
    await this.audit.record('user_deleted', { actorId, subjectId: id });
  }

  /**
   * Checks the current password, then ends every other session of the user. A stolen access token must not
   * become a way to guess the password: wrong current passwords lock password changes from that session (the
   * only one a thief holds, whatever address it comes from) like failed logins lock a login; the owner's other
   * sessions keep theirs.
   */
  async changePassword(id: string, sessionId: string, dto: ChangePasswordDto): Promise<void> {
    const key = { subject: `password-change:${id}:${sessionId}`, ip: '*' };
    await this.attempts.reserve(key);
    const user = await this.users.findOne({ where: { id }, select: { id: true, passwordHash: true } });
    if (!user || !(await this.passwords.verify(dto.currentPassword, user.passwordHash))) {
      await this.audit.record('password_change_failed', {
        actorId: id,
        subjectId: id,
        details: { sessionId },
      });
      if (await this.attempts.fail(key)) {
        await this.audit.record('password_change_locked', { actorId: id, subjectId: id });
      }
      throw new AppError('INVALID_CREDENTIALS');
    }
    await this.attempts.succeed(key);
    const passwordHash = await this.passwords.hash(dto.newPassword);
    await inTransaction(this.users.manager, async (tx) => {
      await tx.manager.update(User, { id }, { passwordHash });
      await this.sessions.revokeAll(id, sessionId, tx);
      // A reset link mailed before the change would undo it.
      await accountLinks.expire(tx, id, 'password_reset');
    });
    await this.audit.record('password_changed', { actorId: id, subjectId: id });
  }

  /**
   * `npm run seed`: puts an account back as given (that password, role and specialty, enabled) and names what it
   * changed. A new password or role ends the account's sessions, as a password change or a role change does.
   */
  async restore(id: string, account: NewUser): Promise<string[]> {
    const user = await this.users.findOne({
      where: { id },
      select: { id: true, passwordHash: true, isActive: true, rol: true, specialty: true },
    });
    if (!user) {
      throw new AppError('NOT_FOUND');
    }
    const patch: Partial<User> = {};
    if (!(await this.passwords.verify(account.password, user.passwordHash))) {
      patch.passwordHash = await this.passwords.hash(account.password);
    }
    if (!user.isActive) {
      patch.isActive = true;
    }
    if (user.rol !== account.rol || user.specialty !== (account.specialty ?? null)) {
      Object.assign(patch, { rol: account.rol, specialty: account.specialty ?? null });
    }
    if (Object.keys(patch).length > 0) {
      await inTransaction(this.users.manager, async (tx) => {
        await tx.manager.update(User, { id }, patch);
        if (patch.passwordHash || patch.rol) {
          await this.sessions.revokeAll(id, undefined, tx);
        }
      });
    }
    return [
      ...(patch.passwordHash ? ['password'] : []),
      ...(patch.isActive ? ['enabled'] : []),
      ...(patch.rol ? ['role'] : []),
    ];
  }

  private async getLive(id: string): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user) {
      throw new AppError('NOT_FOUND');
    }
    return user;
  }
}

function assertSpecialtyFitsRole(rol: Role, specialty: string | null): void {
  if (specialty !== null && rol !== 'doctor') {
    throw new AppError('VALIDATION_FAILED', [
      { field: 'specialty', constraints: { specialtyForDoctorsOnly: 'only doctors have a specialty' } },
    ]);
  }
}
