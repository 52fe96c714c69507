import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { Not, type Repository } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { UsersService } from '../users/users.service.js';
import { Appointment } from './appointment.entity.js';
import type { SlotDto, WorkingHoursDto } from './dto/working-hours.dto.js';
import { unavailableRanges } from '../closures/unavailability.js';
import { freeSlots, type WeeklyInterval } from './schedule.js';
import { WorkingHours } from './working-hours.entity.js';

@Injectable()
export class WorkingHoursService {
  constructor(
    @InjectRepository(WorkingHours) private readonly hours: Repository<WorkingHours>,
    @InjectRepository(Appointment) private readonly appointments: Repository<Appointment>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  intervalsOf(doctorId: string): Promise<WeeklyInterval[]> {
    return this.hours.find({ where: { doctorId }, order: { weekday: 'ASC', startTime: 'ASC' } });
  }

  async get(doctorId: string): Promise<WorkingHoursDto[]> {
    await this.users.findActiveWithRole(doctorId, 'doctor');
    return (await this.intervalsOf(doctorId)).map(toDto);
  }

  /** Replaces the doctor's whole week at once (admin or that doctor). An empty list means "no restriction". */
  async replace(me: AuthUser, doctorId: string, intervals: WorkingHoursDto[]): Promise<WorkingHoursDto[]> {
    if (me.rol !== 'admin' && me.id !== doctorId) {
      throw new AppError('FORBIDDEN_ROLE');
    }
    await this.users.findActiveWithRole(doctorId, 'doctor');
    assertConsistent(intervals);
    await this.hours.manager.transaction(async (tx) => {
      await tx.delete(WorkingHours, { doctorId });
      await tx.insert(
        WorkingHours,
        intervals.map((i) => ({
          doctorId,
          weekday: i.weekday,
          startTime: i.start,
          endTime: i.end,
          slotMinutes: i.slotMinutes,
        })),
      );
    });
    return (await this.intervalsOf(doctorId)).map(toDto);
  }

  /** Free slots of a day in the clinic's time zone: working hours minus live appointments and the past. */
  async availability(doctorId: string, date: string): Promise<SlotDto[]> {
    const zone = this.config.clinic.timezone;
    const day = DateTime.fromISO(date, { zone });
    if (!day.isValid) {
      throw new AppError('VALIDATION_FAILED', [
        { field: 'date', constraints: { validDate: 'is not a valid date' } },
      ]);
    }
    await this.users.findActiveWithRole(doctorId, 'doctor');
    const booked = await this.appointments
      .createQueryBuilder('a')
      .where('a.doctorId = :doctorId', { doctorId })
      .andWhere({ status: Not('cancelled') })
      .andWhere('a.startsAt < :dayEnd AND a.endsAt > :dayStart', {
        dayStart: day.startOf('day').toJSDate(),
        dayEnd: day.plus({ days: 1 }).startOf('day').toJSDate(),
      })
      .getMany();
    const away = await unavailableRanges(
      this.appointments.manager,
      doctorId,
      day.startOf('day').toJSDate(),
      day.plus({ days: 1 }).startOf('day').toJSDate(),
    );
    // In UTC, like every instant the API returns: a slot reads exactly as the appointment booked into it will.
    return freeSlots(date, await this.intervalsOf(doctorId), [...booked, ...away], zone, new Date()).map(
      (slot) => ({
        startsAt: slot.startsAt.toISOString(),
        endsAt: slot.endsAt.toISOString(),
      }),
    );
  }
}

function toDto(interval: WeeklyInterval): WorkingHoursDto {
  return {
    weekday: interval.weekday,
    start: interval.startTime.slice(0, 5),
    end: interval.endTime.slice(0, 5),
    slotMinutes: interval.slotMinutes,
  };
}

function assertConsistent(intervals: WorkingHoursDto[]): void {
  intervals.forEach((interval, index) => {
    if (interval.end <= interval.start) {
      throw new AppError('VALIDATION_FAILED', [
        { field: `${index}.end`, constraints: { intervalOrder: 'end must be after start' } },
      ]);
    }
    const clash = intervals.some(
      (other, j) =>
        j !== index &&
        other.weekday === interval.weekday &&
        other.start < interval.end &&
        interval.start < other.end,
    );
    if (clash) {
      throw new AppError('VALIDATION_FAILED', [
        { field: `${index}`, constraints: { intervalOverlap: 'overlaps another interval' } },
      ]);
    }
  });
}
