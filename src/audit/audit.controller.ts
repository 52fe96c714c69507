import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ApiAuth, Roles } from '../auth/auth.decorators.js';
import { AuditEventPageDto } from './audit-event.dto.js';
import { AuditService } from './audit.service.js';
import { ListAuditEventsQueryDto } from './list-audit-events-query.dto.js';

@ApiTags('audit')
@ApiAuth()
@Roles('admin')
@Controller('api/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The audit trail, newest first: filter by user (actor or subject), type and time. */
  @Get()
  @ApiErrors('VALIDATION_FAILED')
  listAuditEvents(@Query() query: ListAuditEventsQueryDto): Promise<AuditEventPageDto> {
    return this.audit.list(query);
  }
}
