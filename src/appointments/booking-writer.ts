import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, MoreThan, Not, type Repository } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { isRetryable, violates } from '../common/db-errors.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Appointment, DOCTOR_NO_OVERLAP, PATIENT_NO_OVERLAP } from './appointment.entity.js';
import { holdClosuresShared, isUnavailable } from '../closures/unavailability.js';
import { lockBookingsOf } from './booking-locks.js';
import { BookingQueue } from './booking-queue.js';

const MAX_ATTEMPTS = 3;

/** What a booking is about: who and when (and, for a move, which appointment). */
export type Booking = Pick<Appointment, 'doctorId' | 'patientId' | 'startsAt' | 'endsAt'> & { id?: string };

/**
 * Writes a new or moved appointment so that contention stays cheap and ordered. When it is the turn of its doctor
 * and its patient (booking-queue.ts), one indexed read refuses what the committed rows already refuse (the upcoming
 * limit, an overlap): in a crowd after one slot, each loser meets the winner's row there instead of running a
 * transaction in turn. What passes runs in one transaction that takes their booking locks (booking-locks.ts), checks
 * the patient's limit (race-free under the patient's lock), then writes the row. An overlap is refused by the
 * exclusion constraints and becomes 409, never 500. Should PostgreSQL still abort a booking (40P01 deadlock,
 * 40001), it is logged and run again.
 */
@Injectable()
export class BookingWriter {
  private readonly logger = new Logger('Appointments');
  private readonly queue = new BookingQueue();

  constructor(
    @InjectRepository(Appointment) private readonly appointments: Repository<Appointment>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `andThen` runs in the booking's transaction, after the row is written (the confirmation mail). */
  book(
    appointment: Appointment,
    andThen?: (tx: EntityManager, saved: Appointment) => Promise<void>,
  ): Promise<Appointment> {
    return this.write(appointment, async (tx) => {
      await this.assertBelowUpcomingLimit(tx, appointment);
      const saved = await tx.save(appointment);
      await andThen?.(tx, saved);
      return saved;
    });
  }

  /**
   * Moves an appointment to the booking's times, with `changes`. Under the locks the row is locked too and
   * `recheck` judges it as it is now (it may have been cancelled or moved since it was read): it throws to refuse.
   * Gives the row as it was before the move.
   */
  move(
    booking: Booking & { id: string },
    changes: Pick<Partial<Appointment>, 'status' | 'notes'>,
    recheck: (row: Appointment) => void,
    andThen?: (tx: EntityManager) => Promise<void>,
  ): Promise<Appointment> {
    return this.write(booking, async (tx) => {
      const row = await tx.findOne(Appointment, {
        where: { id: booking.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) {
        throw new AppError('NOT_FOUND');
      }
      recheck(row);
      await this.assertBelowUpcomingLimit(tx, booking);
      await tx.update(
        Appointment,
        { id: booking.id },
        { startsAt: booking.startsAt, endsAt: booking.endsAt, ...changes },
      );
      await andThen?.(tx);
      return row;
    });
  }

  private write<T>(booking: Booking, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.queue.run([booking.doctorId, booking.patientId], this.config.dbQueryTimeoutMs, async () => {
      await this.refuseWhatIsCommitted(booking);
      return this.inTransaction(booking, work);
    });
  }

  private async inTransaction<T>(booking: Booking, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.appointments.manager.transaction(async (tx) => {
          await lockBookingsOf(tx, [booking.doctorId, booking.patientId]);
          // Under the doctor's lock (absences) and the closures' shared lock: no closure or absence made at this
          // moment can miss this booking, nor this booking miss it.
          await holdClosuresShared(tx);
          if (await isUnavailable(tx, booking.doctorId, booking)) {
            throw new AppError('DOCTOR_UNAVAILABLE');
          }
          return work(tx);
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

  /**
   * In one read, no transaction and no lock, with the same checks in the same order as below: the upcoming limit
   * (422), then a live appointment of the doctor or the patient that overlaps (409; the exclusion constraints'
   * indexes answer it). Only an early answer: what passes is decided under the locks and by the constraints.
   */
  private async refuseWhatIsCommitted(booking: Booking): Promise<void> {
    const [seen] = await this.appointments.query<{ upcoming: number; overlapping: boolean }[]>(
      `SELECT (SELECT count(*)::int FROM appointments
               WHERE patient_id = $2 AND status IN ('scheduled', 'confirmed') AND starts_at > $5
                 AND id IS DISTINCT FROM $6::uuid) AS upcoming,
              EXISTS (SELECT 1 FROM appointments
                      WHERE doctor_id = $1 AND status <> 'cancelled' AND id IS DISTINCT FROM $6::uuid
                        AND tstzrange(starts_at, ends_at) && tstzrange($3, $4))
              OR EXISTS (SELECT 1 FROM appointments
                         WHERE patient_id = $2 AND status <> 'cancelled' AND id IS DISTINCT FROM $6::uuid
                           AND tstzrange(starts_at, ends_at) && tstzrange($3, $4)) AS overlapping`,
      [booking.doctorId, booking.patientId, booking.startsAt, booking.endsAt, new Date(), booking.id ?? null],
    );
    if (seen.upcoming >= this.config.clinic.maxUpcomingPerPatient) {
      throw new AppError('UPCOMING_LIMIT_REACHED');
    }
    if (seen.overlapping) {
      throw new AppError('APPOINTMENT_CONFLICT');
    }
  }

  /** MAX_UPCOMING_APPOINTMENTS_PER_PATIENT: scheduled or confirmed ones still ahead, the one being moved aside. */
  private async assertBelowUpcomingLimit(tx: EntityManager, booking: Booking): Promise<void> {
    const upcoming = await tx.getRepository(Appointment).count({
      where: {
        patientId: booking.patientId,
        status: In(['scheduled', 'confirmed']),
        startsAt: MoreThan(new Date()),
        ...(booking.id ? { id: Not(booking.id) } : {}),
      },
    });
    if (upcoming >= this.config.clinic.maxUpcomingPerPatient) {
      throw new AppError('UPCOMING_LIMIT_REACHED');
    }
  }
}
