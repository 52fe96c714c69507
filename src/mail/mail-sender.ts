import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { AppConfig, Locale } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
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
  /** Seconds since it was queued. */
  age: number;
}

/** What nodemailer says of a failed send: which SMTP command the server refused, and its reply code. */
type SendError = Error & { code?: string; command?: string; responseCode?: number };

const MAX_RETRY_DELAY_MS = 15 * 60_000;
/** On shutdown, once requests are drained, a send in flight gets this long to finish. */
const SHUTDOWN_GRACE_MS = 5_000;
/** Sent rows (addresses) and spent or expired links are kept this long, then deleted. */
const KEEP_DONE_DAYS = 7;
const HOUSEKEEPING_EVERY_MS = 60 * 60_000;

/**
 * Sends what the outbox holds: after each commit that queued a mail (a nudge), and every MAIL_POLL_MS. One message
 * at a time is claimed with FOR UPDATE SKIP LOCKED by moving its next_attempt_at past twice the send timeout, so
 * several instances never take the same one, and one whose sender died is taken again once that time has passed.
 * A failure is retried with a doubling delay; a recipient the server refuses for good is not, nor is a link that
 * expired before it could be sent.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transport: MailTransport;
  private timer: NodeJS.Timeout | null = null;
  private housekeeping: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
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
    this.housekeeping = setInterval(() => void this.sweep(), HOUSEKEEPING_EVERY_MS);
    this.housekeeping.unref();
    this.nudge();
  }

  /** No new message is taken from here on; this returns at once, so the HTTP server's draining is not delayed. */
  onModuleDestroy(): void {
    this.stopped = true;
    for (const timer of [this.timer, this.housekeeping]) {
      if (timer) {
        clearInterval(timer);
      }
    }
  }

  /** After the requests have drained: the send in flight, if any, gets a moment to finish and be marked. */
  async onApplicationShutdown(): Promise<void> {
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
      let message: Claimed | undefined;
      try {
        message = await this.claim();
      } catch (error) {
        // The database is away: the next poll tries again; nothing was taken.
        this.logger.warn(`outbox not read: ${(error as Error).message}`);
        return;
      }
      if (!message) {
        return;
      }
      await this.deliver(message);
    }
  }

  /** The next due message, taken for twice the send timeout: one at a time, so no claim outlives its send. */
  /**
   * The next due message, taken for twice the send timeout: one at a time, so no claim outlives its send. Due
   * is judged by the app's clock (Clock), the same one that sets due times, so a test can move time.
   */
  private async claim(): Promise<Claimed | undefined> {
    const leaseSeconds = (2 * this.config.mail.sendTimeoutMs) / 1000;
    const [[claimed]]: [Claimed[], number] = await this.db.query(
      `UPDATE mail_outbox
          SET attempts = attempts + 1, next_attempt_at = $2::timestamptz + make_interval(secs => $1)
        WHERE id = (SELECT id FROM mail_outbox
                     WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2
                     ORDER BY next_attempt_at
                     LIMIT 1
                     FOR UPDATE SKIP LOCKED)
      RETURNING id, to_address, template, locale, params, attempts,
                extract(epoch FROM $2::timestamptz - created_at)::float8 AS age`,
      [leaseSeconds, this.clock.now()],
    );
    return claimed;
  }

  /** How long a mail's link works: past that, sending it would only mail a dead link. */
  private linkLifetime(template: MailTemplate): number | null {
    if (template === 'password_reset') {
      return this.config.passwordResetTtlSeconds;
    }
    if (template === 'email_verify' || template === 'email_change_confirm') {
      return this.config.emailVerifyTtlSeconds;
    }
    return null;
  }

  private async deliver(message: Claimed): Promise<void> {
    const lifetime = this.linkLifetime(message.template);
    if (lifetime !== null && message.age > lifetime) {
      await this.giveUp(message, 'its link expired before it could be sent');
      return;
    }
    try {
      const rendered = renderMail(message.template, message.locale, message.params, this.config.clinic.name);
      await this.transport.send({
        id: message.id,
        to: message.to_address,
        ...rendered,
        ...calendarOf(message),
      });
    } catch (error) {
      await this.failed(message, error as SendError);
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

  private async failed(message: Claimed, error: SendError): Promise<void> {
    // Only the server's refusal of this recipient is final (a mistyped address); a refused login, sender or relay is
    // the deployment's to fix, and the mail goes once it is fixed.
    if (error.code === 'EENVELOPE' && error.command === 'RCPT TO' && (error.responseCode ?? 0) >= 500) {
      await this.giveUp(message, error.message);
      return;
    }
    const delayMs = Math.min(this.config.mail.retryBaseMs * 2 ** (message.attempts - 1), MAX_RETRY_DELAY_MS);
    this.logger.warn(
      `mail ${message.id} (${message.template}) not sent, attempt ${message.attempts}: ${error.message}; ` +
        `again in ${Math.round(delayMs / 1000)} s`,
    );
    await this.db
      .query(
        `UPDATE mail_outbox SET last_error = left($2, 500), next_attempt_at = $4::timestamptz + make_interval(secs => $3)
          WHERE id = $1`,
        [message.id, error.message, delayMs / 1000, this.clock.now()],
      )
      .catch((failure: Error) =>
        this.logger.warn(`mail ${message.id}: retry not recorded: ${failure.message}`),
      );
  }

  /** Never sent: marked failed, and its parameters (a link) erased like a sent one's. */
  private async giveUp(message: Claimed, reason: string): Promise<void> {
    this.logger.warn(`mail ${message.id} (${message.template}) given up: ${reason}`);
    await this.db
      .query(
        `UPDATE mail_outbox SET failed_at = now(), params = '{}', last_error = left($2, 500) WHERE id = $1`,
        [message.id, reason],
      )
      .catch((failure: Error) =>
        this.logger.warn(`mail ${message.id}: not marked failed: ${failure.message}`),
      );
  }

  /** Deletes what is done: sent or failed mails and spent or expired links, after KEEP_DONE_DAYS. */
  private async sweep(): Promise<void> {
    try {
      await this.db.query(
        `DELETE FROM mail_outbox
          WHERE coalesce(sent_at, failed_at) < now() - make_interval(days => $1)`,
        [KEEP_DONE_DAYS],
      );
      await this.db.query(
        `DELETE FROM account_tokens WHERE least(coalesce(used_at, expires_at), expires_at) < now() - make_interval(days => $1)`,
        [KEEP_DONE_DAYS],
      );
    } catch (error) {
      this.logger.warn(`outbox housekeeping skipped: ${(error as Error).message}`);
    }
  }
}

/** A confirmation's calendar file: REQUEST for a booked or moved appointment, CANCEL for a cancelled one. */
function calendarOf(message: Claimed): { icalEvent?: { method: string; content: string } } {
  if (message.template !== 'appointment_confirmation') {
    return {};
  }
  const { kind, ics } = message.params as MailParams['appointment_confirmation'];
  return { icalEvent: { method: kind === 'cancelled' ? 'CANCEL' : 'REQUEST', content: ics } };
}
