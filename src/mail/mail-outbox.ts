import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig, Locale } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { Transaction } from '../database/transaction.js';
import { MailSender } from './mail-sender.js';
import type { MailParams, MailTemplate } from './mail-templates.js';

export interface QueuedMail<T extends MailTemplate> {
  to: string;
  locale: Locale;
  template: T;
  params: MailParams[T];
  /** The appointment it is about: deleting the appointment deletes its mails still waiting. */
  appointmentId?: string;
  /** Not before then (a reminder); default now. */
  dueAt?: Date;
  /** The support thread it is about ("you have a reply"). */
  threadUserId?: string;
}

/**
 * Queues a mail in the transaction of the change that causes it: both commit, or neither. The sender is nudged once
 * the transaction has committed, so the mail leaves at once, and a crash or an SMTP outage only delays it.
 */
@Injectable()
export class MailOutbox {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sender: MailSender,
  ) {}

  async queue<T extends MailTemplate>(tx: Transaction, mail: QueuedMail<T>): Promise<void> {
    if (await this.insert(tx.manager, mail)) {
      tx.afterCommit(() => this.sender.nudge());
    }
  }

  /**
   * The row alone, in a transaction that has no after-commit queue (a booking's): its caller calls nudge() once it
   * has committed. False when mail is disabled.
   */
  async insert<T extends MailTemplate>(manager: EntityManager, mail: QueuedMail<T>): Promise<boolean> {
    if (this.config.mail.disabled) {
      return false;
    }
    await manager.query(
      `INSERT INTO mail_outbox (to_address, template, locale, params, appointment_id, next_attempt_at, thread_user_id)
       VALUES ($1, $2, $3, $4, $5, coalesce($6, now()), $7)`,
      [
        mail.to,
        mail.template,
        mail.locale,
        JSON.stringify(mail.params),
        mail.appointmentId ?? null,
        mail.dueAt ?? null,
        mail.threadUserId ?? null,
      ],
    );
    return true;
  }

  /** Looks at the outbox now (after a commit that queued mail through insert()). */
  nudge(): void {
    this.sender.nudge();
  }
}
