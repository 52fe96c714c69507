import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { AppConfig, Locale } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { inTransaction } from '../database/transaction.js';
import { MailOutbox } from '../mail/mail-outbox.js';
import { ChatRooms } from './chat-rooms.js';

/**
 * "You have a reply": when staff answer a thread whose owner has no chat socket open on any instance, one mail, at
 * most one per thread per CHAT_MAIL_DIGEST_MINUTES (the owner's row is locked, FOR NO KEY UPDATE so their own writes do not wait, while that is decided, so two answers
 * at once make one mail). The mail says only that there is an answer: what it says stays in the app.
 */
@Injectable()
export class ChatReplyMails {
  private readonly logger = new Logger('Chat');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: MailOutbox,
    private readonly rooms: ChatRooms,
    private readonly clock: Clock,
  ) {}

  /** After a staff answer has been stored and pushed; never fails the answer. */
  afterStaffReply(threadUserId: string): void {
    this.maybeMail(threadUserId).catch((error: Error) =>
      this.logger.warn(`"you have a reply" mail not queued: ${error.message}`),
    );
  }

  private async maybeMail(threadUserId: string): Promise<void> {
    if (await this.rooms.connected(threadUserId)) {
      return;
    }
    await inTransaction(this.db.manager, async (tx) => {
      const [owner]: { name: string; email: string; locale: Locale }[] = await tx.manager.query(
        `SELECT name, email, locale FROM users WHERE id = $1 AND deleted_at IS NULL AND is_active FOR NO KEY UPDATE`,
        [threadUserId],
      );
      if (!owner) {
        return;
      }
      const [recent]: unknown[] = await tx.manager.query(
        `SELECT 1 FROM mail_outbox
          WHERE thread_user_id = $1 AND created_at > $2::timestamptz - make_interval(mins => $3)`,
        [threadUserId, this.clock.now(), this.config.clinic.chatMailDigestMinutes],
      );
      if (recent) {
        return;
      }
      await this.outbox.queue(tx, {
        to: owner.email,
        locale: owner.locale,
        template: 'chat_reply',
        params: { name: owner.name },
        threadUserId,
      });
    });
  }
}
