import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { folded } from '../users/search-fold.js';
import type { CareSlotDoctorDto, CareSlotDto, FindCareQueryDto } from './dto/find-care-query.dto.js';
import { freeSlots, type TimeRange, type WeeklyInterval } from './schedule.js';

const DEFAULT_DAYS = 14;
const MAX_DAYS = 62;
/** No appointment lasts longer (appointments.service.ts): one starting this long before `from` may still cover it. */
const LONGEST_APPOINTMENT_MINUTES = 240;
/** Days read at first: the earliest slots are nearly always in them; the window doubles until there are enough. */
const FIRST_DAYS = 2;

interface BusyRow {
  doctor_id: string | null;
  starts_at: Date;
  ends_at: Date;
}

interface Doctor extends CareSlotDoctorDto {
  hours: WeeklyInterval[];
}

/**
 * GET /api/availability: the earliest free slots across every active doctor of a specialty, each with its doctor.
 * The same slots each doctor's own availability offers (working hours minus appointments, closures, absences and the
 * past), read for all of them at once: one query for the doctors and their hours, then, per stretch of days, one
 * each for the appointments (the (doctor_id, starts_at) index), the closures and the absences. A short stretch
 * first, doubled until `limit` slots are found or `to` is reached.
 */
@Injectable()
export class FindCareService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async earliest(query: FindCareQueryDto, now = new Date()): Promise<CareSlotDto[]> {
    const from = query.from ? new Date(query.from) : now;
    const to = query.to ? new Date(query.to) : new Date(from.getTime() + DEFAULT_DAYS * 86_400_000);
    if (!(to > from) || to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) {
      throw new AppError('VALIDATION_FAILED', [
        { field: 'to', constraints: { careWindow: `must be after from, at most ${MAX_DAYS} days later` } },
      ]);
    }
    const doctors = await this.doctorsOf(query.specialty);
    if (doctors.length === 0) {
      return [];
    }
    const zone = this.config.clinic.timezone;
    const found: CareSlotDto[] = [];
    let day = DateTime.fromJSDate(from, { zone }).startOf('day');
    const lastDay = DateTime.fromJSDate(to, { zone }).startOf('day');
    for (let stretch = FIRST_DAYS; day <= lastDay && found.length < query.limit; stretch *= 2) {
      const until = DateTime.min(day.plus({ days: stretch }), lastDay.plus({ days: 1 }));
      const busy = await this.busyBetween(doctors, day.toJSDate(), until.toJSDate());
      for (; day < until; day = day.plus({ days: 1 })) {
        const date = day.toISODate()!;
        for (const doctor of doctors) {
          for (const slot of freeSlots(date, doctor.hours, busy.get(doctor.id) ?? [], zone, now)) {
            if (slot.startsAt >= from && slot.endsAt <= to) {
              found.push({
                startsAt: slot.startsAt.toISOString(),
                endsAt: slot.endsAt.toISOString(),
                doctor: publicOf(doctor),
              });
            }
          }
        }
      }
    }
    return found
      .sort(
        (a, b) =>
          a.startsAt.localeCompare(b.startsAt) ||
          a.doctor.surname.localeCompare(b.doctor.surname) ||
          a.doctor.id.localeCompare(b.doctor.id),
      )
      .slice(0, query.limit);
  }

  /** Active doctors of the specialty (folded as GET /api/doctors folds it) with their weekly hours. */
  private async doctorsOf(specialty: string): Promise<Doctor[]> {
    const rows: (CareSlotDoctorDto & { hours: WeeklyInterval[] | null })[] = await this.db.query(
      `SELECT u.id, u.name, u.surname, u.specialty,
              (SELECT json_agg(json_build_object('weekday', w.weekday, 'startTime', w.start_time,
                                                 'endTime', w.end_time, 'slotMinutes', w.slot_minutes))
                 FROM working_hours w WHERE w.doctor_id = u.id) AS hours
         FROM users u
        WHERE u.rol = 'doctor' AND u.is_active AND u.deleted_at IS NULL
          AND ${folded('u.specialty')} = ${folded('$1::text')}`,
      [specialty],
    );
    // A doctor without working hours has no slots to offer (their own availability is empty too).
    return rows.filter((row) => row.hours !== null).map((row) => ({ ...row, hours: row.hours ?? [] }));
  }

  /** Per doctor: live appointments, the clinic's closures and the doctor's absences touching [from, to). */
  private async busyBetween(doctors: Doctor[], from: Date, to: Date): Promise<Map<string, TimeRange[]>> {
    const ids = doctors.map((doctor) => doctor.id);
    const earliestStart = new Date(from.getTime() - LONGEST_APPOINTMENT_MINUTES * 60_000);
    const [booked, closures, absences] = await Promise.all([
      this.db.query<BusyRow[]>(
        `SELECT doctor_id, starts_at, ends_at FROM appointments
            WHERE doctor_id = ANY($1) AND starts_at >= $2 AND starts_at < $3 AND status <> 'cancelled'`,
        [ids, earliestStart, to],
      ),
      this.db.query<BusyRow[]>(
        `SELECT NULL AS doctor_id, starts_at, ends_at FROM clinic_closures
            WHERE tstzrange(starts_at, ends_at) && tstzrange($1, $2)`,
        [from, to],
      ),
      this.db.query<BusyRow[]>(
        `SELECT doctor_id, starts_at, ends_at FROM doctor_absences
            WHERE doctor_id = ANY($1) AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)`,
        [ids, from, to],
      ),
    ]);
    const busy = new Map<string, TimeRange[]>(ids.map((id) => [id, []]));
    const range = (row: BusyRow): TimeRange => ({
      startsAt: new Date(row.starts_at),
      endsAt: new Date(row.ends_at),
    });
    for (const row of [...booked, ...absences]) {
      busy.get(row.doctor_id!)?.push(range(row));
    }
    for (const ranges of busy.values()) {
      ranges.push(...closures.map(range));
    }
    return busy;
  }
}

function publicOf(doctor: Doctor): CareSlotDoctorDto {
  return { id: doctor.id, name: doctor.name, surname: doctor.surname, specialty: doctor.specialty };
}
