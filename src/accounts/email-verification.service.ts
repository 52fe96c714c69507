import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { violates } from '../common/db-errors.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { inTransaction, type Transaction } from '../database/transaction.js';
import { MailOutbox } from '../mail/mail-outbox.js';
import { PasswordAttemptsService } from '../users/password-attempts.service.js';
import { PasswordsService } from '../users/passwords.service.js';
import { EMAIL_UNIQUE_INDEX } from '../users/user.entity.js';
import { accountLinks, LINKS_PER_HOUR, type MailedAccount } from '../users/account-links.js';
import { inSameTime } from './same-time.js';

/**
 * Verifying an e-mail (mailed at registration, or again on request) and changing it (confirmed from the new address,
 * with a notice to the old one). One link page, `<PUBLIC_APP_URL>/verify-email#token=…`, serves both.
 */
@Injectable()
export class EmailVerificationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: MailOutbox,
    private readonly passwords: PasswordsService,
    private readonly attempts: PasswordAttemptsService,
    private readonly audit: AuditService,
  ) {}

  /** In the transaction that creates the account: its verification link and mail. */
  async queueVerification(tx: Transaction, account: MailedAccount): Promise<void> {
    const token = await accountLinks.issue(tx, {
      userId: account.id,
      purpose: 'email_verify',
      ttlSeconds: this.config.emailVerifyTtlSeconds,
      email: account.email,
    });
    await this.outbox.queue(tx, {
      to: account.email,
      locale: account.locale,
      template: 'email_verify',
      params: { name: account.name, link: this.link(token), hours: this.ttlHours() },
    });
  }

  /** A new link for a live, enabled, unverified account with this e-mail, at most 3 an hour; the same answer else. */
  resend(email: string): Promise<void> {
    return inSameTime(async () => {
      const [account]: MailedAccount[] = await this.db.query(
        `SELECT id, name, email, locale FROM users
          WHERE lower(email) = $1 AND deleted_at IS NULL AND is_active AND email_verified_at IS NULL`,
        [email],
      );
      if (!account) {
        return;
      }
      await inTransaction(this.db.manager, async (tx) => {
        await accountLinks.lockUser(tx, account.id);
        if ((await accountLinks.issuedLastHour(tx, account.id, 'email_verify')) < LINKS_PER_HOUR) {
          await this.queueVerification(tx, account);
        }
      });
    });
  }

  /**
   * Opens a link: verifies the address it was sent to, or, for a change, makes it the account's e-mail. A link for an
   * address the account no longer has, or that another account took meanwhile, changes nothing.
   */
  async verify(token: string): Promise<void> {
    try {
      const done = await inTransaction(this.db.manager, async (tx) => {
        const link = await accountLinks.spend(tx, token, ['email_verify', 'email_change']);
        if (!link?.email) {
          throw new AppError('EMAIL_TOKEN_INVALID');
        }
        const change = link.purpose === 'email_change';
        const [[account]]: [{ id: string; previous: string }[], number] = await tx.manager.query(
          `UPDATE users u SET email = $2, email_verified_at = now(), updated_at = now()
             FROM (SELECT email AS previous FROM users WHERE id = $1) p
            WHERE u.id = $1 AND u.deleted_at IS NULL AND ($3 OR u.email = $2)
          RETURNING u.id, p.previous`,
          [link.user_id, link.email, change],
        );
        if (!account) {
          throw new AppError('EMAIL_TOKEN_INVALID');
        }
        if (change) {
          await accountLinks.expire(tx, account.id, 'email_verify');
        }
        return { ...account, change, email: link.email };
      });
      await this.audit.record(done.change ? 'email_changed' : 'email_verified', {
        actorId: done.id,
        subjectId: done.id,
        ...(done.change ? { details: { from: done.previous, to: done.email } } : {}),
      });
    } catch (error) {
      if (violates(error, EMAIL_UNIQUE_INDEX)) {
        throw new AppError('EMAIL_TAKEN');
      }
      throw error;
    }
  }

  /**
   * Starts a change of the caller's e-mail: the current password first (wrong ones lock this session's password
   * changes, as PUT /api/users/me/password does), then a confirmation link to the new address and a notice to the
   * old one. Whether the new address is taken is not said here: only at confirmation.
   */
  async requestChange(
    userId: string,
    sessionId: string,
    email: string,
    currentPassword: string,
  ): Promise<void> {
    const key = { subject: `password-change:${userId}:${sessionId}`, ip: '*' };
    await this.attempts.reserve(key);
    const [account]: (MailedAccount & { password_hash: string })[] = await this.db.query(
      `SELECT id, name, email, locale, password_hash FROM users WHERE id = $1 AND deleted_at IS NULL`,
      [userId],
    );
    if (!account || !(await this.passwords.verify(currentPassword, account.password_hash))) {
      await this.audit.record('password_change_failed', {
        actorId: userId,
        subjectId: userId,
        details: { sessionId },
      });
      if (await this.attempts.fail(key)) {
        await this.audit.record('password_change_locked', { actorId: userId, subjectId: userId });
      }
      throw new AppError('INVALID_CREDENTIALS');
    }
    await this.attempts.succeed(key);
    await inTransaction(this.db.manager, async (tx) => {
      // Each request mails an address the caller names: at most 3 an hour, so this is no way to flood one.
      await accountLinks.lockUser(tx, userId);
      if ((await accountLinks.issuedLastHour(tx, userId, 'email_change')) >= LINKS_PER_HOUR) {
        throw new AppError('TOO_MANY_ATTEMPTS');
      }
      const token = await accountLinks.issue(tx, {
        userId,
        purpose: 'email_change',
        ttlSeconds: this.config.emailVerifyTtlSeconds,
        email,
      });
      const params = { name: account.name, email, hours: this.ttlHours() };
      await this.outbox.queue(tx, {
        to: email,
        locale: account.locale,
        template: 'email_change_confirm',
        params: { ...params, link: this.link(token) },
      });
      await this.outbox.queue(tx, {
        to: account.email,
        locale: account.locale,
        template: 'email_change_notice',
        params: { name: account.name, email },
      });
    });
    await this.audit.record('email_change_requested', {
      actorId: userId,
      subjectId: userId,
      details: { to: email },
    });
  }

  private link(token: string): string {
    return `${this.config.mail.publicAppUrl}/verify-email#token=${token}`;
  }

  private ttlHours(): number {
    return Math.round(this.config.emailVerifyTtlSeconds / 3600);
  }
}
