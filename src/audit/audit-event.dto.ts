import type { AuditEventType } from './audit-event.entity.js';

export class AuditEventDto {
  id: string;
  /** login.succeeded, login.failed, login.locked, refresh.reused, logout, … (see docs/API.md). */
  type: AuditEventType;
  /** Who did it; null when nobody was authenticated (a failed login). */
  actorId: string | null;
  /** The user (or appointment) it was done to. */
  subjectId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

export class AuditEventPageMetaDto {
  page: number;
  limit: number;
  total: number;
}

export class AuditEventPageDto {
  data: AuditEventDto[];
  meta: AuditEventPageMetaDto;
}
