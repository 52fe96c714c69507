import type { Page } from '../common/pagination.js';
import { Conditions, type Statement } from '../database/statement.js';
import type { AuditEventDto } from './audit-event.dto.js';
import type { AuditEventType } from './audit-event.entity.js';
import type { ListAuditEventsQueryDto } from './list-audit-events-query.dto.js';

interface AuditRow {
  id: string;
  type: AuditEventType;
  actor_id: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  user_agent: string | null;
  created_at: Date;
  total: number;
}

function conditions(query: ListAuditEventsQueryDto): Conditions {
  const where = new Conditions();
  if (query.userId) {
    where.add('(e.actor_id = ? OR e.subject_id = ?)', query.userId);
  }
  if (query.type) {
    where.add('e.type = ?', query.type);
  }
  if (query.from) {
    where.add('e.created_at >= ?', query.from);
  }
  if (query.to) {
    where.add('e.created_at < ?', query.to);
  }
  return where;
}

/**
 * A page of GET /api/audit-events, newest first, in one statement with its count: read backwards along
 * `(created_at, id)`, `(type, created_at, id)`, or the actor and subject indexes for one user.
 */
export function auditPageStatement(query: ListAuditEventsQueryDto): Statement {
  const { where, params } = conditions(query);
  const limit = params.length + 1;
  return {
    text: `
      SELECT e.id, e.type, e.actor_id, e.subject_id, e.details, e.ip, e.user_agent, e.created_at,
             (SELECT count(*) FROM audit_events e WHERE ${where})::int AS total
      FROM audit_events e
      WHERE ${where}
      ORDER BY e.created_at DESC, e.id DESC
      LIMIT $${limit} OFFSET $${limit + 1}`,
    params: [...params, query.limit, (query.page - 1) * query.limit],
  };
}

/** The count alone (for a page past the end). */
export function auditCountStatement(query: ListAuditEventsQueryDto): Statement {
  const { where, params } = conditions(query);
  return { text: `SELECT count(*)::int AS total FROM audit_events e WHERE ${where}`, params };
}

export function toAuditPage(
  rows: AuditRow[],
  query: ListAuditEventsQueryDto,
  totalIfEmpty: number,
): Page<AuditEventDto> {
  return {
    data: rows.map((row) => ({
      id: row.id,
      type: row.type,
      actorId: row.actor_id,
      subjectId: row.subject_id,
      details: row.details,
      ip: row.ip,
      userAgent: row.user_agent,
      createdAt: row.created_at,
    })),
    meta: { page: query.page, limit: query.limit, total: rows[0]?.total ?? totalIfEmpty },
  };
}

export type { AuditRow };
