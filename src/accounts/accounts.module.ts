import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { MailModule } from '../mail/mail.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { EmailVerificationController } from './email-verification.controller.js';
import { EmailVerificationService } from './email-verification.service.js';
import { PasswordRecoveryController } from './password-recovery.controller.js';
import { PasswordRecoveryService } from './password-recovery.service.js';

/** What a user does with the links mailed to them: password recovery, e-mail verification and change. */
@Module({
  imports: [MailModule, UsersModule, SessionsModule, AuditModule],
  controllers: [PasswordRecoveryController, EmailVerificationController],
  providers: [PasswordRecoveryService, EmailVerificationService],
  // Registration (auth) queues the verification mail in the transaction that creates the account.
  exports: [EmailVerificationService],
})
export class AccountsModule {}
