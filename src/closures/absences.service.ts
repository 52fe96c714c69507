import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { lockBookingsOf } from '../appointments/booking-locks.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { inTransaction } from '../database/transaction.js';
import { MailOutbox } from '../mail/mail-outbox.js';
import { UsersService } from '../users/users.service.js';
import { auditCancelled, settleAffected } from './affected.js';
import type { AbsenceDto, CreateAbsenceDto, CreatedAbsenceDto } from './dto/absence.dto.js';

const MAX_ABSENCE_MS = 366 * 24 * 3_600_000;
const MAX_LISTED = 200;

interface AbsenceRow {
  id: string;
  doctor_id: string;
  starts_at: Date;
  ends_at: Date;
  reason: string | null;
}

/** A doctor's time away (the doctor or an admin): no slot is offered in it and no booking with that doctor taken. */
@Injectable()
export class AbsencesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly outbox: MailOutbox,
    private readonly audit: AuditService,
  ) {}

  async list(me: AuthUser, doctorId: string, from?: string): Promise<AbsenceDto[]> {
    await this.assertMayManage(me, doctorId);
    const rows: AbsenceRow[] = await this.db.query(
      `SELECT id, doctor_id, starts_at, ends_at, reason FROM doctor_absences
        WHERE doctor_id = $1 AND ends_at > $2 ORDER BY starts_at, id LIMIT $3`,
      [doctorId, from ? new Date(from) : new Date(), MAX_LISTED],
    );
    return rows.map(toAbsenceDto);
  }

  /**
   * Marks the doctor away. Under the doctor's booking lock (booking-locks.ts), as every booking with the doctor
   * takes it: each booking made before is in `affected`, each one after is refused.
   */
  async create(
    me: AuthUser,
    doctorId: string,
    dto: CreateAbsenceDto,
    cancelAffected: boolean,
  ): Promise<CreatedAbsenceDto> {
    await this.assertMayManage(me, doctorId);
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    const length = endsAt.getTime() - startsAt.getTime();
    if (length <= 0 || length > MAX_ABSENCE_MS) {
      throw new AppError('VALIDATION_FAILED', [
        { field: 'endsAt', constraints: { absenceLength: 'must be after startsAt, at most 366 days later' } },
      ]);
    }
    const created = await inTransaction(this.db.manager, async (tx) => {
      await lockBookingsOf(tx.manager, [doctorId]);
      const [row]: AbsenceRow[] = await tx.manager.query(
        `INSERT INTO doctor_absences (doctor_id, starts_at, ends_at, reason, created_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING id, doctor_id, starts_at, ends_at, reason`,
        [doctorId, startsAt, endsAt, dto.reason || null, me.id],
      );
      const affected = await settleAffected(
        tx,
        this.outbox,
        { startsAt, endsAt, doctorId },
        {
          cancel: cancelAffected,
          // The reason stays with staff: patients read only that their doctor is away.
          cancelReason: 'Ausencia del médico',
          why: { es: 'una ausencia de tu médico', en: 'a time your doctor is away' },
          zone: this.config.clinic.timezone,
        },
      );
      return { ...toAbsenceDto(row), affected };
    });
    await this.audit.record('absence_created', {
      actorId: me.id,
      subjectId: doctorId,
      details: { absenceId: created.id, startsAt: created.startsAt, endsAt: created.endsAt, cancelAffected },
    });
    if (cancelAffected) {
      await auditCancelled(this.audit, me.id, created.affected, { absenceId: created.id });
    }
    return created;
  }

  async remove(me: AuthUser, doctorId: string, id: string): Promise<void> {
    await this.assertMayManage(me, doctorId);
    const [[removed]]: [AbsenceRow[], number] = await this.db.query(
      `DELETE FROM doctor_absences WHERE id = $1 AND doctor_id = $2 RETURNING id`,
      [id, doctorId],
    );
    if (!removed) {
      throw new AppError('NOT_FOUND');
    }
    await this.audit.record('absence_deleted', {
      actorId: me.id,
      subjectId: doctorId,
      details: { absenceId: id },
    });
  }

  /** The doctor themselves or an admin, and only for an active doctor (else 404, as the other doctor routes). */
  private async assertMayManage(me: AuthUser, doctorId: string): Promise<void> {
    if (me.rol !== 'admin' && me.id !== doctorId) {
      throw new AppError('FORBIDDEN_ROLE');
    }
    await this.users.findActiveWithRole(doctorId, 'doctor');
  }
}

function toAbsenceDto(row: AbsenceRow): AbsenceDto {
  return {
    id: row.id,
    doctorId: row.doctor_id,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    reason: row.reason,
  };
}
