import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { inTransaction } from '../database/transaction.js';
import { MailOutbox } from '../mail/mail-outbox.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { PasswordAttemptsService } from '../users/password-attempts.service.js';
import { PasswordsService } from '../users/passwords.service.js';
import { accountLinks, LINKS_PER_HOUR, type MailedAccount } from '../users/account-links.js';
import { hashAccountToken } from '../users/account-token.js';
import { inSameTime } from './same-time.js';

type Account = MailedAccount;

/** OWASP's Forgot Password cheat sheet: a mailed single-use link, no enumeration, every session ended on use. */
@Injectable()
export class PasswordRecoveryService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: MailOutbox,
    private readonly passwords: PasswordsService,
    private readonly sessions: SessionsService,
    private readonly attempts: PasswordAttemptsService,
    private readonly audit: AuditService,
  ) {}

  /** Mails a reset link to a live, enabled account with this e-mail; says nothing about whether there is one. */
  forgot(email: string): Promise<void> {
    return inSameTime(async () => {
      const [account]: Account[] = await this.db.query(
        `SELECT id, name, email, locale FROM users WHERE lower(email) = $1 AND deleted_at IS NULL AND is_active`,
        [email],
      );
      if (account && (await this.mailResetLink(account, { limited: true }))) {
        await this.audit.record('password_reset_requested', { subjectId: account.id });
      }
    });
  }

  /** An admin sends a user the link (never a password), and may end the user's sessions at once. */
  async sendByAdmin(actorId: string, userId: string, revokeSessions: boolean): Promise<void> {
    const [account]: (Account & { is_active: boolean })[] = await this.db.query(
      `SELECT id, name, email, locale, is_active FROM users WHERE id = $1 AND deleted_at IS NULL`,
      [userId],
    );
    if (!account) {
      throw new AppError('USER_NOT_FOUND');
    }
    if (!account.is_active) {
      throw new AppError('TARGET_DISABLED');
    }
    await this.mailResetLink(account, { limited: false, revokeSessions });
    await this.audit.record('password_reset_sent', {
      actorId,
      subjectId: userId,
      details: { revokeSessions },
    });
  }

  /** Sets the new password with a link's token: once, before it expires; ends every session of the user. */
  async reset(token: string, password: string): Promise<void> {
    const hash = hashAccountToken(token);
    // Cheap look first, so a made-up token costs no bcrypt hash; the transaction below decides.
    const [usable]: unknown[] = await this.db.query(
      `SELECT 1 FROM account_tokens
        WHERE token_hash = $1 AND purpose = 'password_reset' AND used_at IS NULL AND expires_at > now()`,
      [hash],
    );
    if (!usable) {
      throw new AppError('RESET_TOKEN_INVALID');
    }
    const passwordHash = await this.passwords.hash(password);
    const account = await inTransaction(this.db.manager, async (tx) => {
      const spent = await accountLinks.spend(tx, token, ['password_reset']);
      if (!spent) {
        throw new AppError('RESET_TOKEN_INVALID');
      }
      const [[changed]]: [Account[], number] = await tx.manager.query(
        `UPDATE users SET password_hash = $2, updated_at = now()
          WHERE id = $1 AND deleted_at IS NULL AND is_active
        RETURNING id, name, email, locale`,
        [spent.user_id, passwordHash],
      );
      if (!changed) {
        throw new AppError('RESET_TOKEN_INVALID');
      }
      await accountLinks.expire(tx, changed.id, 'password_reset');
      await this.sessions.revokeAll(changed.id, undefined, tx);
      await this.outbox.queue(tx, {
        to: changed.email,
        locale: changed.locale,
        template: 'password_changed',
        params: { name: changed.name },
      });
      return changed;
    });
    await this.attempts.forget(account.email, account.id);
    await this.audit.record('password_reset', { actorId: account.id, subjectId: account.id });
  }

  /**
   * A new link, with the older ones expired, and its mail, in one transaction. With `limited`, at most
   * LINKS_PER_HOUR an hour: the user's row is locked first, so a burst of requests counts one at a time.
   */
  private mailResetLink(
    account: Account,
    { limited, revokeSessions = false }: { limited: boolean; revokeSessions?: boolean },
  ): Promise<boolean> {
    const ttlSeconds = this.config.passwordResetTtlSeconds;
    return inTransaction(this.db.manager, async (tx) => {
      await accountLinks.lockUser(tx, account.id);
      if (
        limited &&
        (await accountLinks.issuedLastHour(tx, account.id, 'password_reset')) >= LINKS_PER_HOUR
      ) {
        return false;
      }
      const token = await accountLinks.issue(tx, {
        userId: account.id,
        purpose: 'password_reset',
        ttlSeconds,
      });
      if (revokeSessions) {
        await this.sessions.revokeAll(account.id, undefined, tx);
      }
      await this.outbox.queue(tx, {
        to: account.email,
        locale: account.locale,
        template: 'password_reset',
        params: {
          name: account.name,
          link: `${this.config.mail.publicAppUrl}/reset-password#token=${token}`,
          minutes: Math.round(ttlSeconds / 60),
        },
      });
      return true;
    });
  }
}
