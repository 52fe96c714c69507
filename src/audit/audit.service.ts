import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Page } from '../common/pagination.js';
import { currentContext } from '../common/request-context.js';
import { AuditEvent, type AuditEventType } from './audit-event.entity.js';
import type { AuditEventDto } from './audit-event.dto.js';
import type { ListAuditEventsQueryDto } from './list-audit-events-query.dto.js';
import { auditCountStatement, auditPageStatement, type AuditRow, toAuditPage } from './audit-list.js';

export interface AuditEntry {
  actorId?: string | null;
  subjectId?: string | null;
  details?: Record<string, unknown>;
}

/** Writes and lists the audit trail. IP and user agent come from the request (or socket) being served. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /**
   * Records an event after the action it describes has succeeded. A failing write is logged, never turned into
   * an error: the action has already happened.
   */
  async record(type: AuditEventType, entry: AuditEntry = {}): Promise<void> {
    const { ip, userAgent } = currentContext();
    try {
      await this.events.save(
        this.events.create({
          type,
          actorId: entry.actorId ?? null,
          subjectId: entry.subjectId ?? null,
          details: entry.details ?? {},
          ip: ip?.slice(0, 64) ?? null,
          userAgent: userAgent?.slice(0, 512) ?? null,
        }),
      );
    } catch (error) {
      this.logger.error(`could not record audit event ${type}`, error instanceof Error ? error.stack : error);
    }
  }

  /** One statement for the page and its count (audit-list.ts); a second one only for a page past the end. */
  async list(query: ListAuditEventsQueryDto): Promise<Page<AuditEventDto>> {
    const page = auditPageStatement(query);
    const rows: AuditRow[] = await this.events.query(page.text, page.params);
    if (rows.length > 0) {
      return toAuditPage(rows, query, 0);
    }
    const count = auditCountStatement(query);
    const [{ total }]: { total: number }[] = await this.events.query(count.text, count.params);
    return toAuditPage(rows, query, total);
  }
}
