import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { MailModule } from '../mail/mail.module.js';
import { UsersModule } from '../users/users.module.js';
import { Appointment } from './appointment.entity.js';
import { AppointmentMails } from './appointment-mails.js';
import { AppointmentPdfService } from './appointment-pdf.service.js';
import { AppointmentsController } from './appointments.controller.js';
import { AppointmentsService } from './appointments.service.js';
import { BookingWriter } from './booking-writer.js';
import { DoctorScheduleController } from './doctor-schedule.controller.js';
import { FindCareController } from './find-care.controller.js';
import { FindCareService } from './find-care.service.js';
import { PatientsController } from './patients.controller.js';
import { PatientsService } from './patients.service.js';
import { WorkingHours } from './working-hours.entity.js';
import { WorkingHoursService } from './working-hours.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Appointment, WorkingHours]), UsersModule, AuditModule, MailModule],
  controllers: [AppointmentsController, DoctorScheduleController, PatientsController, FindCareController],
  providers: [
    AppointmentsService,
    AppointmentMails,
    BookingWriter,
    WorkingHoursService,
    AppointmentPdfService,
    FindCareService,
    PatientsService,
  ],
  exports: [AppointmentsService, WorkingHoursService],
})
export class AppointmentsModule {}
