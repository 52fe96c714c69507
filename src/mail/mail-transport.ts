import { Logger } from '@nestjs/common';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport } from 'nodemailer';
import type { AppConfig } from '../config/app-config.js';
import type { RenderedMail } from './mail-templates.js';

/** One message of the outbox, ready to go. Its id makes the Message-ID: a retry sends the very same message. */
export interface OutgoingMail extends RenderedMail {
  id: string;
  to: string;
  /** A calendar file, as its own part (text/calendar) and as an attachment. */
  icalEvent?: { method: string; content: string };
}

export interface MailTransport {
  /** Where mail goes, for the start-up line: `smtp://host:port` (no credentials) or the mailbox folder. */
  readonly where: string;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

const LOOPBACK = /^(localhost|127\.[0-9.]+|\[::1\])$/;

/** The message nodemailer writes: its Message-ID is the outbox row's, so a retry sends the very same message. */
const message = (mail: OutgoingMail) => ({
  to: mail.to,
  subject: mail.subject,
  text: mail.text,
  html: mail.html,
  messageId: `<${mail.id}@vitalis.mail>`,
  ...(mail.icalEvent ? { icalEvent: { ...mail.icalEvent, filename: 'cita.ics' } } : {}),
});

/**
 * SMTP when SMTP_URL is set; else the local mailbox: each message an `.eml` file under DATA_DIR/mail (open it with
 * any mail program), so development and tests see every mail without a server.
 */
export function createMailTransport(config: AppConfig): MailTransport {
  return config.mail.smtpUrl ? smtpTransport(config) : mailboxTransport(config);
}

function smtpTransport(config: AppConfig): MailTransport {
  const { smtpUrl, from, sendTimeoutMs } = config.mail;
  const url = new URL(smtpUrl!);
  // Plain smtp:// to another machine must still encrypt in production (STARTTLS, or no send): the mail holds links.
  const requireTLS = config.production && url.protocol === 'smtp:' && !LOOPBACK.test(url.hostname);
  const smtp = createTransport({
    url: smtpUrl!,
    requireTLS,
    connectionTimeout: sendTimeoutMs,
    greetingTimeout: sendTimeoutMs,
    socketTimeout: sendTimeoutMs,
  });
  return {
    where: `${url.protocol}//${url.host}`,
    async send(mail) {
      await smtp.sendMail({ from, ...message(mail) });
    },
    close: () => smtp.close(),
  };
}

function mailboxTransport(config: AppConfig): MailTransport {
  const folder = resolve(config.dataDir, 'mail');
  const composer = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const logger = new Logger('Mail');
  return {
    where: folder,
    async send(mail) {
      const { message: raw } = (await composer.sendMail({ from: config.mail.from, ...message(mail) })) as {
        message: Buffer;
      };
      await mkdir(folder, { recursive: true });
      // Named by the message: a retry overwrites its own file instead of adding a second one. Written whole, then
      // renamed, so a reader never sees half a mail.
      const file = join(folder, `${mail.id}.eml`);
      await writeFile(`${file}.part`, raw);
      await rename(`${file}.part`, file);
      // Where it is, never what it says: the body holds links that work once.
      logger.log(`mail "${mail.subject}" for ${mail.to} in ${file}`);
    },
    close: () => undefined,
  };
}
