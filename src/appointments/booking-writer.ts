import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, MoreThan, Not, type Repository } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { isRetryable, violates } from '../common/db-errors.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Appointment, DOCTOR_NO_OVERLAP, PATIENT_NO_OVERLAP } from './appointment.entity.js';
import { lockBookingsOf } from './booking-locks.js';
import { BookingQueue } from './booking-queue.js';

const MAX_ATTEMPTS = 3;

/**
 * Writes a new or moved appointment so that contention stays cheap and ordered: when it is the turn of its doctor
 * and its patient (booking-queue.ts), in one transaction that takes their booking locks (booking-locks.ts), checks
 * the patient's limit of upcoming appointments (race-free under the patient's lock), then writes the row. An
 * overlap is refused by the exclusion constraints and becomes 409, never 500. Should PostgreSQL still abort a
 * booking (40P01 deadlock, 40001), it is logged and run again.
 */
@Injectable()
export class BookingWriter {
  private readonly logger = new Logger('Appointments');
  private readonly queue = new BookingQueue();

  constructor(
    @InjectRepository(Appointment) private readonly appointments: Repository<Appointment>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  save(appointment: Appointment): Promise<Appointment> {
    return this.queue.run([appointment.doctorId, appointment.patientId], this.config.dbQueryTimeoutMs, () =>
      this.saveNow(appointment),
    );
  }

  private async saveNow(appointment: Appointment): Promise<Appointment> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.appointments.manager.transaction(async (tx) => {
          await lockBookingsOf(tx, [appointment.doctorId, appointment.patientId]);
          await this.assertBelowUpcomingLimit(tx, appointment);
          return tx.save(appointment);
        });
      } catch (error) {
        if (violates(error, DOCTOR_NO_OVERLAP) || violates(error, PATIENT_NO_OVERLAP)) {
          throw new AppError('APPOINTMENT_CONFLICT');
        }
        if (!isRetryable(error) || attempt === MAX_ATTEMPTS) {
          throw error;
        }
        const code = (error as { code?: string }).code;
        this.logger.warn(
          `booking aborted by PostgreSQL (${code}: deadlock or serialization failure), ` +
            `attempt ${attempt} of ${MAX_ATTEMPTS}: running it again`,
        );
      }
    }
  }

  /** MAX_UPCOMING_APPOINTMENTS_PER_PATIENT: scheduled or confirmed ones still ahead, the one being moved aside. */
  private async assertBelowUpcomingLimit(tx: EntityManager, appointment: Appointment): Promise<void> {
    const upcoming = await tx.getRepository(Appointment).count({
      where: {
        patientId: appointment.patientId,
        status: In(['scheduled', 'confirmed']),
        startsAt: MoreThan(new Date()),
        ...(appointment.id ? { id: Not(appointment.id) } : {}),
      },
    });
    if (upcoming >= this.config.clinic.maxUpcomingPerPatient) {
      throw new AppError('UPCOMING_LIMIT_REACHED');
    }
  }
}
