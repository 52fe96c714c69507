import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { MailModule } from '../mail/mail.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { PasswordRecoveryController } from './password-recovery.controller.js';
import { PasswordRecoveryService } from './password-recovery.service.js';

/** What a user does with the links mailed to them: password recovery. */
@Module({
  imports: [MailModule, UsersModule, SessionsModule, AuditModule],
  controllers: [PasswordRecoveryController],
  providers: [PasswordRecoveryService],
})
export class AccountsModule {}
