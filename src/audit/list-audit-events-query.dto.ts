import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsInstant } from '../common/is-instant.js';
import { PageQueryDto } from '../common/pagination.js';
import { AUDIT_EVENT_TYPES, type AuditEventType, LEGACY_AUDIT_EVENT_TYPES } from './audit-event.entity.js';

export class ListAuditEventsQueryDto extends PageQueryDto {
  /** Events this user did or underwent. */
  @IsOptional()
  @IsUUID()
  userId?: string;

  /** An event type; the first release's dotted names (`refresh.reused`) are still understood. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && Object.hasOwn(LEGACY_AUDIT_EVENT_TYPES, value)
      ? LEGACY_AUDIT_EVENT_TYPES[value]
      : value,
  )
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
