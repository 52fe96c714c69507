import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig, Locale } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { Transaction } from '../database/transaction.js';
import { MailSender } from './mail-sender.js';
import type { MailParams, MailTemplate } from './mail-templates.js';

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

  async queue<T extends MailTemplate>(
    tx: Transaction,
    mail: { to: string; locale: Locale; template: T; params: MailParams[T] },
  ): Promise<void> {
    if (this.config.mail.disabled) {
      return;
    }
    await tx.manager.query(
      `INSERT INTO mail_outbox (to_address, template, locale, params) VALUES ($1, $2, $3, $4)`,
      [mail.to, mail.template, mail.locale, JSON.stringify(mail.params)],
    );
    tx.afterCommit(() => this.sender.nudge());
  }
}
