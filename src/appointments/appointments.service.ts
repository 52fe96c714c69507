import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { Page } from '../common/pagination.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersService } from '../users/users.service.js';
import type { AppointmentDto } from './appointment.dto.js';
import {
  countStatement,
  oneStatement,
  pageStatement,
  type PageRow,
  toDto,
  toPage,
} from './appointment-list.js';
import {
  Appointment,
  type AppointmentStatus,
  MAX_APPOINTMENT_MINUTES,
  MIN_APPOINTMENT_MINUTES,
} from './appointment.entity.js';
import { AppointmentMails } from './appointment-mails.js';
import { BookingWriter } from './booking-writer.js';
import { isTheirPatient, patientFor } from './booking-parties.js';
import type { CancelAppointmentDto } from './dto/cancel-appointment.dto.js';
import type { CreateAppointmentDto } from './dto/create-appointment.dto.js';
import type { ListAppointmentsQueryDto } from './dto/list-appointments-query.dto.js';
import type { UpdateAppointmentDto } from './dto/update-appointment.dto.js';
import { type TimeRange, withinWorkingHours } from './schedule.js';
import { canTransition, isOpen } from './status-machine.js';
import { WorkingHoursService } from './working-hours.service.js';

/**
 * Booking, visibility and the status flow. No double booking is left to the database's exclusion constraints. New
 * and moved appointments are written by BookingWriter (turns per person, advisory locks, the upcoming limit); a
 * status change or a cancel is judged on the row under its lock (changeLocked), never on a row read before.
 */
@Injectable()
export class AppointmentsService {
  constructor(
    @InjectRepository(Appointment) private readonly appointments: Repository<Appointment>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly workingHours: WorkingHoursService,
    private readonly audit: AuditService,
    private readonly bookings: BookingWriter,
    private readonly mails: AppointmentMails,
  ) {}

  async book(me: AuthUser, dto: CreateAppointmentDto): Promise<AppointmentDto> {
    const patientId = patientFor(me, dto);
    const range = toRange(dto.startsAt, dto.endsAt);
    await this.users.findActiveWithRole(dto.doctorId, 'doctor');
    if (me.rol !== 'user') {
      await this.assertMayBookFor(me, patientId);
    }
    await this.assertBookable(dto.doctorId, range);
    const appointment = this.appointments.create({
      patientId,
      doctorId: dto.doctorId,
      ...range,
      reason: dto.reason || null,
    });
    const { id } = await this.bookings.book(appointment, (tx, saved) =>
      this.mails.changed(tx, saved.id, 'booked'),
    );
    this.mails.nudge();
    await this.audit.record('appointment_created', {
      actorId: me.id,
      subjectId: id,
      details: { patientId, doctorId: dto.doctorId, startsAt: range.startsAt, endsAt: range.endsAt },
    });
    return this.findOne(me, id);
  }

  /** One statement (appointment-list.ts); a second only for a page past the end, to say how many there are. */
  async list(me: AuthUser, query: ListAppointmentsQueryDto): Promise<Page<AppointmentDto>> {
    const page = pageStatement(me, query);
    const rows = await this.appointments.query<PageRow[]>(page.text, page.params);
    let totalIfEmpty = 0;
    if (rows.length === 0 && query.page > 1) {
      const count = countStatement(me, query);
      const [{ total }] = await this.appointments.query<{ total: number }[]>(count.text, count.params);
      totalIfEmpty = total;
    }
    return toPage(rows, me, query, totalIfEmpty);
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

  /** GET /api/appointments/:id, and the answer after a change: one statement (appointment-list.ts). */
  async findOne(me: AuthUser, id: string): Promise<AppointmentDto> {
    const one = oneStatement(me, id);
    const rows: PageRow[] = await this.appointments.query(one.text, one.params);
    if (rows.length === 0) {
      throw new AppError('NOT_FOUND');
    }
    return toDto(rows[0], me);
  }

  /** GET /api/appointments/:id/ics: for whoever may see the appointment. */
  async calendarFile(me: AuthUser, id: string): Promise<string> {
    await this.findVisible(me, id);
    return this.mails.file(this.appointments.manager, id);
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
    if (me.rol === 'user' && (dto.status !== undefined || dto.notes !== undefined)) {
      throw new AppError('FORBIDDEN_ROLE');
    }
    const notes = dto.notes !== undefined ? { notes: dto.notes } : {};
    if (dto.startsAt !== undefined || dto.endsAt !== undefined) {
      if (dto.status === 'cancelled') {
        // A cancelled appointment is not moved.
        throw new AppError('INVALID_TRANSITION');
      }
      await this.move(me, appointment, dto, notes);
    } else if (dto.status === 'cancelled') {
      return this.cancelVisible(me, appointment, { cancelReason: null, ...notes });
    } else if (dto.status !== undefined) {
      await this.changeStatus(me, appointment, dto.status, notes);
    } else if (dto.notes !== undefined) {
      await this.appointments.update({ id }, notes);
    }
    return this.findOne(me, id);
  }

  /** Patients must give CANCEL_MIN_NOTICE_HOURS of notice; staff may always cancel. The slot is free again. */
  async cancel(me: AuthUser, id: string, dto: CancelAppointmentDto): Promise<AppointmentDto> {
    const appointment = await this.findVisible(me, id);
    return this.cancelVisible(me, appointment, { cancelReason: dto.reason?.trim() || null });
  }

  async remove(me: AuthUser, id: string): Promise<void> {
    const result = await this.appointments.delete({ id });
    if (!result.affected) {
      throw new AppError('NOT_FOUND');
    }
    await this.audit.record('appointment_deleted', { actorId: me.id, subjectId: id });
  }

  /** The one way to cancel (POST .../cancel and PATCH with status cancelled): the notice rule, the row, the audit. */
  private async cancelVisible(
    me: AuthUser,
    appointment: Appointment,
    changes: { cancelReason: string | null; notes?: string | null },
  ): Promise<AppointmentDto> {
    await this.changeLocked(
      appointment.id,
      (row) => {
        if (!isOpen(row.status)) {
          throw new AppError('INVALID_TRANSITION');
        }
        this.assertNotice(me, row);
        return { status: 'cancelled', ...changes };
      },
      (tx) => this.mails.changed(tx, appointment.id, 'cancelled'),
    );
    this.mails.nudge();
    await this.audit.record('appointment_cancelled', {
      actorId: me.id,
      subjectId: appointment.id,
      details: { patientId: appointment.patientId, doctorId: appointment.doctorId },
    });
    return this.findOne(me, appointment.id);
  }

  /** Staff move the status along the status machine (status-machine.ts). */
  private async changeStatus(
    me: AuthUser,
    appointment: Appointment,
    status: AppointmentStatus,
    notes: { notes?: string | null },
  ): Promise<void> {
    const was = await this.changeLocked(
      appointment.id,
      (row) => {
        if (!canTransition(row.status, status)) {
          throw new AppError('INVALID_TRANSITION');
        }
        return { status, ...notes };
      },
      // Done or missed: no reminder is left to send.
      (tx) => (isOpen(status) ? Promise.resolve() : this.mails.ended(tx, appointment.id)),
    );
    await this.audit.record('appointment_status_changed', {
      actorId: me.id,
      subjectId: appointment.id,
      details: { from: was.status, to: status },
    });
  }

  /**
   * Moving is a cancel plus a booking: refused early on the row as read, then judged again on the row as it is once
   * the booking's turn has come (BookingWriter.move), so it never undoes a cancel made meanwhile.
   */
  private async move(
    me: AuthUser,
    appointment: Appointment,
    dto: UpdateAppointmentDto,
    notes: { notes?: string | null },
  ): Promise<void> {
    const assertMovable = (row: Appointment): void => {
      if (!isOpen(row.status)) {
        throw new AppError('INVALID_TRANSITION');
      }
      // Moving gives up the old slot: for a patient, a cancellation under the same notice rule.
      this.assertNotice(me, row);
    };
    if (!isOpen(appointment.status)) {
      throw new AppError('INVALID_TRANSITION');
    }
    const range = toRange(dto.startsAt, dto.endsAt);
    assertMovable(appointment);
    await this.assertBookable(appointment.doctorId, range);
    // A new time is a new booking: any confirmation was for the old one (staff may confirm in the same request).
    if (dto.status !== undefined && !canTransition('scheduled', dto.status)) {
      throw new AppError('INVALID_TRANSITION');
    }
    const status = dto.status ?? 'scheduled';
    const { id, doctorId, patientId } = appointment;
    const was = await this.bookings.move(
      { id, doctorId, patientId, ...range },
      { status, ...notes },
      assertMovable,
      (tx) => this.mails.changed(tx, id, 'moved'),
    );
    this.mails.nudge();
    await this.audit.record('appointment_rescheduled', {
      actorId: me.id,
      subjectId: id,
      details: { from: { startsAt: was.startsAt, endsAt: was.endsAt }, to: range },
    });
    if (status !== was.status) {
      await this.audit.record('appointment_status_changed', {
        actorId: me.id,
        subjectId: id,
        details: { from: was.status, to: status },
      });
    }
  }

  /**
   * Changes one appointment as it is now, not as it was read: in a transaction, under the row's lock (SELECT … FOR
   * UPDATE), `decide` judges the row and gives the changes, or throws to refuse. A change of the same row at the
   * same moment waits, and is judged on what this one left (cancelled, completed and no_show are final). Gives the
   * row as it was.
   */
  private changeLocked(
    id: string,
    decide: (row: Appointment) => Partial<Appointment>,
    andThen: (tx: EntityManager) => Promise<void>,
  ): Promise<Appointment> {
    return this.appointments.manager.transaction(async (tx) => {
      const row = await tx.findOne(Appointment, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) {
        throw new AppError('NOT_FOUND');
      }
      await tx.update(Appointment, { id }, decide(row));
      await andThen(tx);
      return row;
    });
  }

  /** A patient gives up an appointment (cancel or move) only CANCEL_MIN_NOTICE_HOURS ahead; staff always may. */
  private assertNotice(me: AuthUser, appointment: Appointment): void {
    const noticeMs = this.config.clinic.cancelMinNoticeHours * 3_600_000;
    if (me.rol === 'user' && appointment.startsAt.getTime() - Date.now() < noticeMs) {
      throw new AppError('CANCEL_TOO_LATE');
    }
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

  /**
   * Staff booking for a patient: an admin for any live patient, a doctor for their own (isTheirPatient) only. Both
   * refusals are the same 404 as an unknown id, so a doctor learns nothing of other people's patients.
   */
  private async assertMayBookFor(me: AuthUser, patientId: string): Promise<void> {
    if (me.rol === 'doctor' && !(await isTheirPatient(this.appointments, me.id, patientId))) {
      throw new AppError('NOT_FOUND');
    }
    await this.users.findActiveWithRole(patientId, 'user');
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
  if (!(minutes >= MIN_APPOINTMENT_MINUTES && minutes <= MAX_APPOINTMENT_MINUTES)) {
    throw new AppError('VALIDATION_FAILED', [
      { field: 'endsAt', constraints: { durationRange: 'must last 5 to 240 minutes' } },
    ]);
  }
  return range;
}
