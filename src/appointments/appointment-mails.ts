import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { AppConfig, Locale } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MailOutbox } from '../mail/mail-outbox.js';
import type { AppointmentChange } from '../mail/mail-templates.js';
import { appointmentIcs } from './appointment-ics.js';

interface MailedAppointment {
  id: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  ics_sequence: number;
  name: string;
  email: string;
  locale: Locale;
  doctor: string;
}

/**
 * What the patient is mailed about an appointment, written in the transaction of the change: a confirmation with the
 * calendar file on booking, moving and cancelling, and one reminder REMINDER_HOURS_BEFORE the start: an outbox row
 * due then (sent once, by whichever instance claims it), moved with the appointment and dropped when it is cancelled
 * or done. An appointment booked less than that ahead gets no reminder: its confirmation has just said when.
 */
@Injectable()
export class AppointmentMails {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: MailOutbox,
    private readonly clock: Clock,
  ) {}

  async changed(tx: EntityManager, appointmentId: string, change: AppointmentChange): Promise<void> {
    if (change !== 'booked') {
      await tx.query(`UPDATE appointments SET ics_sequence = ics_sequence + 1 WHERE id = $1`, [
        appointmentId,
      ]);
    }
    const appointment = await this.read(tx, appointmentId);
    await this.outbox.insert(tx, {
      to: appointment.email,
      locale: appointment.locale,
      template: 'appointment_confirmation',
      appointmentId,
      params: {
        name: appointment.name,
        when: this.when(appointment),
        doctor: appointment.doctor,
        kind: change,
        ics: this.ics(appointment),
      },
    });
    await this.dropReminder(tx, appointmentId);
    const dueAt = new Date(
      appointment.starts_at.getTime() - this.config.clinic.reminderHoursBefore * 3_600_000,
    );
    if (change !== 'cancelled' && dueAt > this.clock.now()) {
      await this.outbox.insert(tx, {
        to: appointment.email,
        locale: appointment.locale,
        template: 'appointment_reminder',
        appointmentId,
        dueAt,
        params: { name: appointment.name, when: this.when(appointment), doctor: appointment.doctor },
      });
    }
  }

  /** Completed or missed: nothing left to remind of. */
  async ended(tx: EntityManager, appointmentId: string): Promise<void> {
    await this.dropReminder(tx, appointmentId);
  }

  /** After the change has committed: the confirmation leaves now. */
  nudge(): void {
    this.outbox.nudge();
  }

  /** GET /api/appointments/:id/ics: the calendar file of the appointment as it is now. */
  async file(db: EntityManager, appointmentId: string): Promise<string> {
    return this.ics(await this.read(db, appointmentId));
  }

  private async dropReminder(tx: EntityManager, appointmentId: string): Promise<void> {
    await tx.query(
      `DELETE FROM mail_outbox
        WHERE appointment_id = $1 AND template = 'appointment_reminder' AND sent_at IS NULL AND failed_at IS NULL`,
      [appointmentId],
    );
  }

  private async read(db: EntityManager, appointmentId: string): Promise<MailedAppointment> {
    const [row]: MailedAppointment[] = await db.query(
      `SELECT a.id, a.starts_at, a.ends_at, a.status, a.ics_sequence, p.name, p.email, p.locale,
              d.name || ' ' || d.surname AS doctor
         FROM appointments a JOIN users p ON p.id = a.patient_id JOIN users d ON d.id = a.doctor_id
        WHERE a.id = $1`,
      [appointmentId],
    );
    return { ...row, starts_at: new Date(row.starts_at), ends_at: new Date(row.ends_at) };
  }

  private when(appointment: MailedAppointment): string {
    return DateTime.fromJSDate(appointment.starts_at, { zone: this.config.clinic.timezone })
      .setLocale(appointment.locale)
      .toLocaleString(DateTime.DATETIME_FULL);
  }

  private ics(appointment: MailedAppointment): string {
    return appointmentIcs(
      {
        id: appointment.id,
        sequence: appointment.ics_sequence,
        startsAt: appointment.starts_at,
        endsAt: appointment.ends_at,
        cancelled: appointment.status === 'cancelled',
        doctor: appointment.doctor,
        patient: { name: appointment.name, email: appointment.email },
      },
      { name: this.config.clinic.name, from: this.config.mail.from },
    );
  }
}
