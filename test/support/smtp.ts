import { DataSource } from 'typeorm';
import { type ParsedMail, simpleParser } from 'mailparser';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server in the test's process (the `smtp-server` package), keeping every mail it accepts, parsed. It
 * can be stopped and started again on its port (an outage), or made to stall: it takes a message's data and never
 * answers, as a hung server does.
 */
export class TestSmtp {
  readonly received: ParsedMail[] = [];
  /** Messages whose data arrived while stalled (never answered). */
  stalledMessages = 0;
  stall = false;
  /** Each message is answered this long after its data arrived (a slow server). */
  delayMs = 0;
  /** Refuses the sender (MAIL FROM) with 550, as a server refuses a relay or an unknown sender. */
  refuseSender = false;
  /** Addresses whose RCPT TO is refused with 550 (no such mailbox). */
  readonly refusedRecipients = new Set<string>();
  private server: SMTPServer;
  private port = 0;

  private constructor() {
    this.server = this.newServer();
  }

  static async start(): Promise<TestSmtp> {
    const smtp = new TestSmtp();
    await smtp.listen();
    return smtp;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Mails to `address` (whose subject matches `about`, when given). */
  to(address: string, about?: RegExp): ParsedMail[] {
    return this.received.filter(
      (mail) => JSON.stringify(mail.to ?? '').includes(address) && (!about || about.test(mail.subject ?? '')),
    );
  }

  /** The `count`-th mail to `address` (1 = the first; of those about `about`), once it has come. */
  async waitFor(address: string, count = 1, about?: RegExp, withinMs = 15_000): Promise<ParsedMail> {
    const deadline = Date.now() + withinMs;
    while (this.to(address, about).length < count) {
      if (Date.now() > deadline) {
        const came = this.to(address, about).length;
        throw new Error(`no mail #${count} to ${address} within ${withinMs} ms (${came} came)`);
      }
      await sleep(25);
    }
    return this.to(address, about)[count - 1];
  }

  /** Refuses connections from now on (those open are dropped). */
  async stop(): Promise<void> {
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  /** Serves again, on the same port. */
  async restart(): Promise<void> {
    this.server = this.newServer();
    await this.listen();
  }

  private async listen(): Promise<void> {
    await new Promise<void>((done) => this.server.listen(this.port, '127.0.0.1', () => done()));
    this.port = (this.server.server.address() as { port: number }).port;
  }

  private newServer(): SMTPServer {
    return new SMTPServer({
      authOptional: true,
      closeTimeout: 100,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onMailFrom: (_address, _session, callback) =>
        callback(
          this.refuseSender ? Object.assign(new Error('relay denied'), { responseCode: 550 }) : undefined,
        ),
      onRcptTo: (address, _session, callback) =>
        callback(
          this.refusedRecipients.has(address.address)
            ? Object.assign(new Error('no such mailbox'), { responseCode: 550 })
            : undefined,
        ),
      onData: (stream, _session, callback) => {
        if (this.stall) {
          this.stalledMessages++;
          stream.resume();
          return;
        }
        simpleParser(stream).then(
          (mail) =>
            setTimeout(() => {
              this.received.push(mail);
              callback();
            }, this.delayMs),
          (error: Error) => callback(error),
        );
      },
    });
  }
}

/** The token of a mailed reset link (`…/reset-password#token=…`). */
export function linkToken(mail: ParsedMail): string {
  const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];
  if (!token) {
    throw new Error(`no link token in: ${mail.text}`);
  }
  return token;
}

/**
 * Drops the mails other suites left waiting in this worker's database: a suite that reads its own mails would
 * otherwise wait behind them (the sender takes the oldest first).
 */
export async function dropWaitingMail(t: {
  app: { get(type: typeof DataSource): DataSource };
}): Promise<void> {
  await t.app.get(DataSource).query(`DELETE FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL`);
}
