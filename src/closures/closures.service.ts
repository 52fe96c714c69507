import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { inTransaction } from '../database/transaction.js';
import { MailOutbox } from '../mail/mail-outbox.js';
import { auditCancelled, settleAffected } from './affected.js';
import type { ClosureDto, CreateClosureDto, CreatedClosureDto } from './dto/closure.dto.js';
import { CLOSURES_LOCK_KEY } from './unavailability.js';

const MAX_CLOSURE_DAYS = 366;
const MAX_LISTED = 200;

interface ClosureRow {
  id: string;
  first_day: string;
  last_day: string;
  label: string;
  starts_at: Date;
  ends_at: Date;
}

const COLUMNS = `id, to_char(first_day, 'YYYY-MM-DD') AS first_day, to_char(last_day, 'YYYY-MM-DD') AS last_day,
  label, starts_at, ends_at`;

/** Days the whole clinic is closed (admins): no slot is offered in them and no booking is taken. */
@Injectable()
export class ClosuresService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: MailOutbox,
    private readonly audit: AuditService,
  ) {}

  async list(from?: string): Promise<ClosureDto[]> {
    const since = from ?? DateTime.now().setZone(this.config.clinic.timezone).toISODate()!;
    const rows: ClosureRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM clinic_closures WHERE last_day >= $1::date ORDER BY first_day, id LIMIT $2`,
      [since, MAX_LISTED],
    );
    return rows.map(toClosureDto);
  }

  /**
   * Closes the clinic from the first to the last day (the clinic's days, placed in its time zone). Under the closures'
   * exclusive lock (unavailability.ts): every booking made before is in `affected`, every later one is refused.
   */
  async create(actorId: string, dto: CreateClosureDto, cancelAffected: boolean): Promise<CreatedClosureDto> {
    const zone = this.config.clinic.timezone;
    const first = DateTime.fromISO(dto.firstDay, { zone });
    const last = DateTime.fromISO(dto.lastDay ?? dto.firstDay, { zone });
    const days = last.diff(first, 'days').days;
    if (days < 0 || days >= MAX_CLOSURE_DAYS) {
      throw new AppError('VALIDATION_FAILED', [
        {
          field: 'lastDay',
          constraints: { closureLength: `must be from firstDay to ${MAX_CLOSURE_DAYS - 1} days after it` },
        },
      ]);
    }
    const startsAt = first.startOf('day').toJSDate();
    const endsAt = last.plus({ days: 1 }).startOf('day').toJSDate();
    const created = await inTransaction(this.db.manager, async (tx) => {
      await tx.manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [CLOSURES_LOCK_KEY]);
      const [row]: ClosureRow[] = await tx.manager.query(
        `INSERT INTO clinic_closures (first_day, last_day, label, starts_at, ends_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [first.toISODate(), last.toISODate(), dto.label, startsAt, endsAt, actorId],
      );
      const affected = await settleAffected(
        tx,
        this.outbox,
        { startsAt, endsAt },
        {
          cancel: cancelAffected,
          cancelReason: `Clínica cerrada: ${dto.label}`,
          why: {
            es: `el cierre de la clínica (${dto.label})`,
            en: `a day the clinic is closed (${dto.label})`,
          },
          zone,
        },
      );
      return { ...toClosureDto(row), affected };
    });
    await this.audit.record('closure_created', {
      actorId,
      details: {
        closureId: created.id,
        firstDay: created.firstDay,
        lastDay: created.lastDay,
        cancelAffected,
      },
    });
    if (cancelAffected) {
      await auditCancelled(this.audit, actorId, created.affected, { closureId: created.id });
    }
    return created;
  }

  async remove(actorId: string, id: string): Promise<void> {
    const [[removed]]: [ClosureRow[], number] = await this.db.query(
      `DELETE FROM clinic_closures WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    if (!removed) {
      throw new AppError('NOT_FOUND');
    }
    await this.audit.record('closure_deleted', {
      actorId,
      details: { closureId: id, firstDay: removed.first_day, lastDay: removed.last_day },
    });
  }
}

function toClosureDto(row: ClosureRow): ClosureDto {
  return {
    id: row.id,
    firstDay: row.first_day,
    lastDay: row.last_day,
    label: row.label,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
  };
}
