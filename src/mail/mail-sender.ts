import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { AppConfig, Locale } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type MailParams, type MailTemplate, renderMail } from './mail-templates.js';
import { createMailTransport, type MailTransport } from './mail-transport.js';

interface Claimed {
  id: string;
  to_address: string;
  template: MailTemplate;
  locale: Locale;
  params: MailParams[MailTemplate];
  attempts: number;
}

const BATCH = 10;
const MAX_RETRY_DELAY_MS = 15 * 60_000;
/** On shutdown, a send in flight gets this long to finish before the process goes on closing. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Sends what the outbox holds: after each commit that queued a mail (a nudge), and every MAIL_POLL_MS. Messages are
 * claimed with FOR UPDATE SKIP LOCKED by moving their next_attempt_at past the send timeout, so several instances
 * never take the same one, and one whose sender died is taken again once that time has passed. A failure is retried
 * with a doubling delay; an address the server refuses for good (5xx) is not.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly transport: MailTransport;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    this.transport = createMailTransport(config);
  }

  onApplicationBootstrap(): void {
    if (this.config.mail.disabled) {
      this.stopped = true;
      return;
    }
    this.logger.debug(`mail goes to ${this.transport.where}`);
    this.timer = setInterval(() => this.nudge(), this.config.mail.pollMs);
    this.nudge();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearInterval(this.timer);
    }
    await Promise.race([this.running, sleep(SHUTDOWN_GRACE_MS, undefined, { ref: false })]);
    this.transport.close();
  }

  /** Looks at the outbox now (or right after the pass in progress). */
  nudge(): void {
    if (this.stopped) {
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: Error) => this.logger.error(`outbox pass failed: ${error.message}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      let batch: Claimed[];
      try {
        batch = await this.claim();
      } catch (error) {
        // The database is away: the next poll tries again; nothing was taken.
        this.logger.warn(`outbox not read: ${(error as Error).message}`);
        return;
      }
      if (batch.length === 0) {
        return;
      }
      for (const message of batch) {
        await this.deliver(message);
      }
    }
  }

  private async claim(): Promise<Claimed[]> {
    const leaseSeconds = (2 * this.config.mail.sendTimeoutMs) / 1000;
    const [claimed]: [Claimed[], number] = await this.db.query(
      `UPDATE mail_outbox
          SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $1)
        WHERE id IN (SELECT id FROM mail_outbox
                      WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
                      ORDER BY next_attempt_at
                      LIMIT $2
                      FOR UPDATE SKIP LOCKED)
      RETURNING id, to_address, template, locale, params, attempts`,
      [leaseSeconds, BATCH],
    );
    return claimed;
  }

  private async deliver(message: Claimed): Promise<void> {
    try {
      const rendered = renderMail(message.template, message.locale, message.params, this.config.clinic.name);
      await this.transport.send({ id: message.id, to: message.to_address, ...rendered });
    } catch (error) {
      await this.failed(message, error as Error & { responseCode?: number });
      return;
    }
    // Sent: the parameters (a link that works once) are not kept.
    await this.db
      .query(`UPDATE mail_outbox SET sent_at = now(), params = '{}', last_error = NULL WHERE id = $1`, [
        message.id,
      ])
      .catch((error: Error) =>
        this.logger.error(`mail ${message.id} sent, but not marked so: ${error.message}`),
      );
  }

  private async failed(message: Claimed, error: Error & { responseCode?: number }): Promise<void> {
    const permanent = (error.responseCode ?? 0) >= 500;
    const delayMs = Math.min(this.config.mail.retryBaseMs * 2 ** (message.attempts - 1), MAX_RETRY_DELAY_MS);
    this.logger.warn(
      `mail ${message.id} (${message.template}) not sent, attempt ${message.attempts}: ${error.message}` +
        (permanent ? '; refused for good, not retried' : `; again in ${Math.round(delayMs / 1000)} s`),
    );
    await this.db
      .query(
        `UPDATE mail_outbox
            SET last_error = left($2, 500),
                failed_at = CASE WHEN $3 THEN now() END,
                next_attempt_at = now() + make_interval(secs => $4)
          WHERE id = $1`,
        [message.id, error.message, permanent, delayMs / 1000],
      )
      .catch((failure: Error) =>
        this.logger.warn(`mail ${message.id}: retry not recorded: ${failure.message}`),
      );
  }
}
