import { DateTime } from 'luxon';
import type { AuditService } from '../audit/audit.service.js';
import type { Locale } from '../config/app-config.js';
import type { Transaction } from '../database/transaction.js';
import type { MailOutbox } from '../mail/mail-outbox.js';
import type { AffectedAppointmentDto } from './dto/closure.dto.js';

interface AffectedRow {
  id: string;
  doctor_id: string;
  patient_id: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  name: string;
  email: string;
  locale: Locale;
}

export interface Settlement {
  cancel: boolean;
  /** Written on each cancelled appointment. */
  cancelReason: string;
  /** Why, in each language, as the patient's mail says it: "el cierre de la clínica (Navidad)". */
  why: Record<Locale, string>;
  zone: string;
}

/**
 * The scheduled and confirmed appointments still to come that [startsAt, endsAt) covers (one doctor's, or all), row
 * locked: cancelled with the change when asked, and each patient mailed in their language, in the same transaction.
 */
export async function settleAffected(
  tx: Transaction,
  outbox: MailOutbox,
  range: { startsAt: Date; endsAt: Date; doctorId?: string },
  settlement: Settlement,
): Promise<AffectedAppointmentDto[]> {
  const rows: AffectedRow[] = await tx.manager.query(
    `SELECT a.id, a.doctor_id, a.patient_id, a.starts_at, a.ends_at, a.status, p.name, p.email, p.locale
       FROM appointments a JOIN users p ON p.id = a.patient_id
      WHERE a.status IN ('scheduled', 'confirmed') AND a.ends_at > now()
        AND tstzrange(a.starts_at, a.ends_at) && tstzrange($1, $2)
        AND ($3::uuid IS NULL OR a.doctor_id = $3)
      ORDER BY a.starts_at, a.id
      FOR UPDATE OF a`,
    [range.startsAt, range.endsAt, range.doctorId ?? null],
  );
  if (settlement.cancel && rows.length > 0) {
    const ids = rows.map((row) => row.id);
    await tx.manager.query(
      `UPDATE appointments SET status = 'cancelled', cancel_reason = $2, updated_at = now() WHERE id = ANY($1)`,
      [ids, settlement.cancelReason],
    );
    // Nothing left to remind of.
    await tx.manager.query(
      `DELETE FROM mail_outbox WHERE appointment_id = ANY($1) AND template = 'appointment_reminder'
          AND sent_at IS NULL AND failed_at IS NULL`,
      [ids],
    );
  }
  for (const row of rows) {
    const when = DateTime.fromJSDate(new Date(row.starts_at), { zone: settlement.zone })
      .setLocale(row.locale)
      .toLocaleString(DateTime.DATETIME_FULL);
    await outbox.queue(tx, {
      to: row.email,
      locale: row.locale,
      template: 'appointment_unavailable',
      params: { name: row.name, when, why: settlement.why[row.locale], cancelled: settlement.cancel },
    });
  }
  return rows.map((row) => ({
    id: row.id,
    doctorId: row.doctor_id,
    patientId: row.patient_id,
    startsAt: new Date(row.starts_at).toISOString(),
    endsAt: new Date(row.ends_at).toISOString(),
    status: settlement.cancel ? 'cancelled' : row.status,
  }));
}

/** Each appointment cancelled by a closure or an absence, audited as a cancel by the one who made it. */
export async function auditCancelled(
  audit: AuditService,
  actorId: string,
  cancelled: AffectedAppointmentDto[],
  because: Record<string, string>,
): Promise<void> {
  for (const appointment of cancelled) {
    await audit.record('appointment_cancelled', {
      actorId,
      subjectId: appointment.id,
      details: { patientId: appointment.patientId, doctorId: appointment.doctorId, ...because },
    });
  }
}
