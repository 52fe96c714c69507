import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsInstant } from '../common/is-instant.js';
import { PageQueryDto } from '../common/pagination.js';
import { AUDIT_EVENT_TYPES, type AuditEventType } from './audit-event.entity.js';

export class ListAuditEventsQueryDto extends PageQueryDto {
  /** Events this user did or underwent. */
  @IsOptional()
  @IsUUID()
  userId?: string;

  @IsOptional()
  @IsIn(AUDIT_EVENT_TYPES)
  type?: AuditEventType;

  /** From this instant on. */
  @IsOptional()
  @IsInstant()
  from?: string;

  /** Before this instant. */
  @IsOptional()
  @IsInstant()
  to?: string;
}
