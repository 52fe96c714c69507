import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { AuthUser } from '../common/auth-user.js';
import { isRetryable, violates } from '../common/db-errors.js';
import { type Page, paginate } from '../common/pagination.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersService } from '../users/users.service.js';
import { type AppointmentDto, toAppointmentDto } from './appointment.dto.js';
import { Appointment, DOCTOR_NO_OVERLAP, PATIENT_NO_OVERLAP } from './appointment.entity.js';
import type { CancelAppointmentDto } from './dto/cancel-appointment.dto.js';
import type { CreateAppointmentDto } from './dto/create-appointment.dto.js';
import type { ListAppointmentsQueryDto } from './dto/list-appointments-query.dto.js';
import type { UpdateAppointmentDto } from './dto/update-appointment.dto.js';
import { type TimeRange, withinWorkingHours } from './schedule.js';
import { canTransition, isOpen } from './status-machine.js';
import { WorkingHoursService } from './working-hours.service.js';

const MIN_MINUTES = 5;
const MAX_MINUTES = 240;
const MAX_SAVE_ATTEMPTS = 10;

/**
 * Booking, visibility and the status flow. No double booking is left to the database's exclusion constraints:
 * nothing here reads before it inserts to look for overlaps.
 */
@Injectable()
export class AppointmentsService {
  constructor(
    @InjectRepository(Appointment) private readonly appointments: Repository<Appointment>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly workingHours: WorkingHoursService,
    private readonly audit: AuditService,
  ) {}

  async book(me: AuthUser, dto: CreateAppointmentDto): Promise<AppointmentDto> {
    const patientId = patientFor(me, dto.patientId);
    const range = toRange(dto.startsAt, dto.endsAt);
    await this.users.findActiveWithRole(dto.doctorId, 'doctor');
    if (patientId !== me.id) {
      await this.users.findActiveWithRole(patientId, 'user');
    }
    await this.assertBookable(dto.doctorId, range);
    const appointment = this.appointments.create({
      patientId,
      doctorId: dto.doctorId,
      ...range,
      reason: dto.reason || null,
    });
    const { id } = await this.saveOrConflict(appointment);
    await this.audit.record('appointment.created', {
      actorId: me.id,
      subjectId: id,
      details: { patientId, doctorId: dto.doctorId, startsAt: range.startsAt, endsAt: range.endsAt },
    });
    return this.findOne(me, id);
  }

  async list(me: AuthUser, query: ListAppointmentsQueryDto): Promise<Page<AppointmentDto>> {
    const builder = this.visibleTo(me)
      .orderBy('appointment.startsAt', 'ASC')
      .addOrderBy('appointment.id', 'ASC');
    if (query.from) {
      builder.andWhere('appointment.endsAt > :from', { from: new Date(query.from) });
    }
    if (query.to) {
      builder.andWhere('appointment.startsAt < :to', { to: new Date(query.to) });
    }
    if (query.status) {
      builder.andWhere('appointment.status = :status', { status: query.status });
    }
    if (query.doctorId) {
      builder.andWhere('appointment.doctorId = :doctorId', { doctorId: query.doctorId });
    }
    if (query.patientId) {
      builder.andWhere('appointment.patientId = :patientId', { patientId: query.patientId });
    }
    return paginate(builder, query, (row) => toAppointmentDto(row, me));
  }

  /** Everything in [from, to) the caller may see, for the PDF report (doctor: own schedule; admin: all). */
  listRange(me: AuthUser, range: TimeRange): Promise<Appointment[]> {
    return this.visibleTo(me)
      .andWhere('appointment.endsAt > :from AND appointment.startsAt < :to', {
        from: range.startsAt,
        to: range.endsAt,
      })
      .orderBy('appointment.startsAt', 'ASC')
      .getMany();
  }

  async findOne(me: AuthUser, id: string): Promise<AppointmentDto> {
    return toAppointmentDto(await this.findVisible(me, id), me);
  }

  /** The appointment if the caller is its patient, its doctor or an admin; anyone else gets 404, never 403. */
  async findVisible(me: AuthUser, id: string): Promise<Appointment> {
    const appointment = await this.visibleTo(me).andWhere('appointment.id = :id', { id }).getOne();
    if (!appointment) {
      throw new AppError('NOT_FOUND');
    }
    return appointment;
  }

  async update(me: AuthUser, id: string, dto: UpdateAppointmentDto): Promise<AppointmentDto> {
    const appointment = await this.findVisible(me, id);
    const was = { startsAt: appointment.startsAt, endsAt: appointment.endsAt };
    if (me.rol === 'user' && (dto.status !== undefined || dto.notes !== undefined)) {
      throw new AppError('FORBIDDEN_ROLE');
    }
    if (dto.startsAt !== undefined || dto.endsAt !== undefined) {
      if (!isOpen(appointment.status)) {
        throw new AppError('INVALID_TRANSITION');
      }
      const range = toRange(dto.startsAt, dto.endsAt);
      await this.assertBookable(appointment.doctorId, range);
      Object.assign(appointment, range);
    }
    if (dto.status !== undefined) {
      if (!canTransition(appointment.status, dto.status)) {
        throw new AppError('INVALID_TRANSITION');
      }
      appointment.status = dto.status;
    }
    if (dto.notes !== undefined) {
      appointment.notes = dto.notes;
    }
    await this.saveOrConflict(appointment);
    if (dto.startsAt !== undefined) {
      await this.audit.record('appointment.rescheduled', {
        actorId: me.id,
        subjectId: id,
        details: { from: was, to: { startsAt: appointment.startsAt, endsAt: appointment.endsAt } },
      });
    }
    return this.findOne(me, id);
  }

  /** Patients must give CANCEL_MIN_NOTICE_HOURS of notice; staff may always cancel. The slot is free again. */
  async cancel(me: AuthUser, id: string, dto: CancelAppointmentDto): Promise<AppointmentDto> {
    const appointment = await this.findVisible(me, id);
    if (!isOpen(appointment.status)) {
      throw new AppError('INVALID_TRANSITION');
    }
    const noticeMs = this.config.clinic.cancelMinNoticeHours * 3_600_000;
    if (me.rol === 'user' && appointment.startsAt.getTime() - Date.now() < noticeMs) {
      throw new AppError('CANCEL_TOO_LATE');
    }
    await this.appointments.update({ id }, { status: 'cancelled', cancelReason: dto.reason?.trim() || null });
    await this.audit.record('appointment.cancelled', {
      actorId: me.id,
      subjectId: id,
      details: { patientId: appointment.patientId, doctorId: appointment.doctorId },
    });
    return this.findOne(me, id);
  }

  async remove(me: AuthUser, id: string): Promise<void> {
    const result = await this.appointments.delete({ id });
    if (!result.affected) {
      throw new AppError('NOT_FOUND');
    }
    await this.audit.record('appointment.deleted', { actorId: me.id, subjectId: id });
  }

  private visibleTo(me: AuthUser): SelectQueryBuilder<Appointment> {
    const builder = this.appointments
      .createQueryBuilder('appointment')
      .innerJoinAndSelect('appointment.patient', 'patient')
      .innerJoinAndSelect('appointment.doctor', 'doctor')
      .withDeleted();
    if (me.rol === 'user') {
      builder.where('appointment.patientId = :me', { me: me.id });
    } else if (me.rol === 'doctor') {
      builder.where('appointment.doctorId = :me', { me: me.id });
    } else {
      builder.where('TRUE');
    }
    return builder;
  }

  private async assertBookable(doctorId: string, range: TimeRange): Promise<void> {
    if (range.startsAt.getTime() <= Date.now()) {
      throw new AppError('IN_THE_PAST');
    }
    const hours = await this.workingHours.intervalsOf(doctorId);
    if (!withinWorkingHours(range, hours, this.config.clinic.timezone)) {
      throw new AppError('OUTSIDE_WORKING_HOURS');
    }
  }

  /**
   * Saves; an overlap is refused by the exclusion constraints and becomes 409, never 500. Racing inserts for one
   * range can deadlock inside the constraint check: the aborted one is run again and then meets the winner's row.
   */
  private async saveOrConflict(appointment: Appointment): Promise<Appointment> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.appointments.save(appointment);
      } catch (error) {
        if (violates(error, DOCTOR_NO_OVERLAP) || violates(error, PATIENT_NO_OVERLAP)) {
          throw new AppError('APPOINTMENT_CONFLICT');
        }
        if (!isRetryable(error)) {
          throw error;
        }
        if (attempt === MAX_SAVE_ATTEMPTS) {
          // Still losing the race after every retry: another transaction holds an overlapping row.
          throw new AppError('APPOINTMENT_CONFLICT');
        }
      }
    }
  }
}

/** A patient books for themselves; an admin must name the patient; doctors do not book (the guard stops them). */
function patientFor(me: AuthUser, patientId: string | undefined): string {
  if (me.rol === 'admin') {
    if (!patientId) {
      throw new AppError('VALIDATION_FAILED', [
        { field: 'patientId', constraints: { patientIdRequired: 'an admin must name the patient' } },
      ]);
    }
    return patientId;
  }
  if (patientId !== undefined && patientId !== me.id) {
    throw new AppError('FORBIDDEN_ROLE');
  }
  return me.id;
}

function toRange(startsAt: string | undefined, endsAt: string | undefined): TimeRange {
  if (startsAt === undefined || endsAt === undefined) {
    const field = startsAt === undefined ? 'startsAt' : 'endsAt';
    throw new AppError('VALIDATION_FAILED', [
      { field, constraints: { requiredTogether: 'startsAt and endsAt go together' } },
    ]);
  }
  const range = { startsAt: new Date(startsAt), endsAt: new Date(endsAt) };
  const minutes = (range.endsAt.getTime() - range.startsAt.getTime()) / 60_000;
  if (!(minutes >= MIN_MINUTES && minutes <= MAX_MINUTES)) {
    throw new AppError('VALIDATION_FAILED', [
      { field: 'endsAt', constraints: { durationRange: 'must last 5 to 240 minutes' } },
    ]);
  }
  return range;
}
