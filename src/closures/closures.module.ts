import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { MailModule } from '../mail/mail.module.js';
import { UsersModule } from '../users/users.module.js';
import { AbsencesController } from './absences.controller.js';
import { AbsencesService } from './absences.service.js';
import { ClosuresController } from './closures.controller.js';
import { ClosuresService } from './closures.service.js';

/**
 * When no one is booked: days the clinic is closed, and doctors' absences. Bookings and availability read them
 * (unavailability.ts) under the same locks their creation takes.
 */
@Module({
  imports: [UsersModule, MailModule, AuditModule],
  controllers: [ClosuresController, AbsencesController],
  providers: [ClosuresService, AbsencesService],
})
export class ClosuresModule {}
