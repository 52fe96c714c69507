import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { SessionEvents } from './session-events.js';
import { Session } from './session.entity.js';
import { SessionsService } from './sessions.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Session]), AuditModule],
  providers: [SessionsService, SessionEvents],
  exports: [SessionsService, SessionEvents],
})
export class SessionsModule {}
