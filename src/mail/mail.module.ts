import { Module } from '@nestjs/common';
import { MailOutbox } from './mail-outbox.js';
import { MailSender } from './mail-sender.js';

/** E-mail: the outbox other modules queue mails in, and the sender that delivers them (SMTP or the local mailbox). */
@Module({
  providers: [MailSender, MailOutbox],
  exports: [MailOutbox],
})
export class MailModule {}
