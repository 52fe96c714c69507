import type { AuthUser } from '../auth/auth-user.js';
import { Conditions, type Statement } from '../database/statement.js';
import type { Page } from '../common/pagination.js';
import { type AppointmentDto, seesNotes } from './appointment.dto.js';
import { type AppointmentStatus, MAX_APPOINTMENT_MINUTES } from './appointment.entity.js';
import type { ListAppointmentsQueryDto } from './dto/list-appointments-query.dto.js';

/** A row of the page query: the appointment's columns, its two people's, and the count of the whole list. */
export interface PageRow {
  id: string;
  patient_id: string;
  doctor_id: string;
  starts_at: string;
  ends_at: string;
  status: AppointmentStatus;
  reason: string | null;
  notes: string | null;
  cancel_reason: string | null;
  created_at: string;
  updated_at: string;
  patient_name: string;
  patient_surname: string;
  doctor_name: string;
  doctor_surname: string;
  doctor_specialty: string | null;
  /** Only in a page's rows: the count of the whole list. */
  total?: number;
}

/**
 * An instant as the API writes it (UTC ISO-8601, milliseconds truncated as a JavaScript Date would), formatted by
 * PostgreSQL: parsing into a Date and serializing it again cost more than the rest of the page's JSON.
 */
const iso = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The columns of an answer: the appointment `t`'s (instants formatted), its patient `p`'s and doctor `d`'s. */
function answerColumns(t: string): string {
  return `${t}.id, ${t}.patient_id, ${t}.doctor_id, ${iso(`${t}.starts_at`)} AS starts_at,
          ${iso(`${t}.ends_at`)} AS ends_at, ${t}.status, ${t}.reason, ${t}.notes, ${t}.cancel_reason,
          ${iso(`${t}.created_at`)} AS created_at, ${iso(`${t}.updated_at`)} AS updated_at,
          p.name AS patient_name, p.surname AS patient_surname,
          d.name AS doctor_name, d.surname AS doctor_surname, d.specialty AS doctor_specialty`;
}

/** The role's scope, then every filter: the WHERE of the list and of its count, with its parameters. */
function conditions(me: AuthUser, query: ListAppointmentsQueryDto): Conditions {
  const where = new Conditions();
  const add = (clause: string, value: unknown) => where.add(clause, value);
  if (me.rol === 'user') {
    add('a.patient_id = ?', me.id);
  } else if (me.rol === 'doctor') {
    add('a.doctor_id = ?', me.id);
  }
  if (query.from) {
    const from = new Date(query.from);
    add('a.ends_at > ?', from);
    // The same rows (an appointment lasts at most MAX_APPOINTMENT_MINUTES: a constraint), on the starts_at index.
    add('a.starts_at > ?', new Date(from.getTime() - MAX_APPOINTMENT_MINUTES * 60_000));
  }
  if (query.to) {
    add('a.starts_at < ?', new Date(query.to));
  }
  if (query.status) {
    add('a.status = ?', query.status);
  }
  if (query.doctorId) {
    add('a.doctor_id = ?', query.doctorId);
  }
  if (query.patientId) {
    add('a.patient_id = ?', query.patientId);
  }
  return where;
}

/**
 * One statement for a page of the list: the page's rows in index order (LIMIT/OFFSET on `(…, starts_at, id)`), only
 * the columns the answer has, the two people joined to those rows alone, and the list's count beside them (an
 * uncorrelated subquery: computed once, on an index). Many-to-one joins add no rows, so no DISTINCT, no second
 * query for ids. An empty page has no row to carry the count: `countStatement` then asks for it alone.
 */
export function pageStatement(me: AuthUser, query: ListAppointmentsQueryDto): Statement {
  const { where, params } = conditions(me, query);
  const limit = params.length + 1;
  return {
    text: `
      WITH page AS MATERIALIZED (
        SELECT a.id, a.patient_id, a.doctor_id, a.starts_at, a.ends_at, a.status, a.reason, a.notes,
               a.cancel_reason, a.created_at, a.updated_at
        FROM appointments a
        WHERE ${where}
        ORDER BY a.starts_at, a.id
        LIMIT $${limit} OFFSET $${limit + 1}
      )
      SELECT ${answerColumns('page')},
             (SELECT count(*) FROM appointments a WHERE ${where})::int AS total
      FROM page
      JOIN users p ON p.id = page.patient_id
      JOIN users d ON d.id = page.doctor_id
      ORDER BY page.starts_at, page.id`,
    params: [...params, query.limit, (query.page - 1) * query.limit],
  };
}

/**
 * One appointment the caller may see (its patient, its doctor, an admin), in one statement like a page's rows; no
 * row for anyone else, so they get the same 404 as for an unknown id.
 */
export function oneStatement(me: AuthUser, id: string): Statement {
  const where = conditions(me, {} as ListAppointmentsQueryDto).add('a.id = ?', id);
  return {
    text: `
      SELECT ${answerColumns('a')}
      FROM appointments a
      JOIN users p ON p.id = a.patient_id
      JOIN users d ON d.id = a.doctor_id
      WHERE ${where.where}`,
    params: where.params,
  };
}

/** The list's count alone (for a page past the end). */
export function countStatement(me: AuthUser, query: ListAppointmentsQueryDto): Statement {
  const { where, params } = conditions(me, query);
  return { text: `SELECT count(*)::int AS total FROM appointments a WHERE ${where}`, params };
}

/** The page the rows make; `totalIfEmpty` is the count when no row carries it. */
export function toPage(
  rows: PageRow[],
  me: AuthUser,
  query: ListAppointmentsQueryDto,
  totalIfEmpty: number,
): Page<AppointmentDto> {
  return {
    data: rows.map((row) => toDto(row, me)),
    meta: { page: query.page, limit: query.limit, total: rows[0]?.total ?? totalIfEmpty },
  };
}

export function toDto(row: PageRow, me: AuthUser): AppointmentDto {
  return {
    id: row.id,
    patient: { id: row.patient_id, name: row.patient_name, surname: row.patient_surname },
    doctor: {
      id: row.doctor_id,
      name: row.doctor_name,
      surname: row.doctor_surname,
      specialty: row.doctor_specialty,
    },
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
    reason: row.reason,
    ...(seesNotes(me, { doctorId: row.doctor_id }) ? { notes: row.notes } : {}),
    cancelReason: row.cancel_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
