import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { DoctorsController } from './doctors.controller.js';
import { DoctorsService } from './doctors.service.js';
import { PasswordAttemptsService } from './password-attempts.service.js';
import { PasswordsService } from './passwords.service.js';
import { SpecialtiesController } from './specialties.controller.js';
import { User } from './user.entity.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([User]), SessionsModule, AuditModule],
  controllers: [UsersController, DoctorsController, SpecialtiesController],
  providers: [UsersService, DoctorsService, PasswordsService, PasswordAttemptsService],
  exports: [UsersService, PasswordsService, PasswordAttemptsService],
})
export class UsersModule {}
