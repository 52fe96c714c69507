import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiAuth, CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { UuidPipe } from '../common/validation.js';
import { PatientDto } from '../users/user.dto.js';
import { PatientsService } from './patients.service.js';

@ApiTags('users')
@ApiAuth()
@Controller('api/patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  /**
   * A patient's profile: admins read any patient, a doctor only one they have an appointment with (any status);
   * anyone else, and an id that is no live patient, is 404.
   */
  @Roles('doctor', 'admin')
  @Get(':id')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  getPatient(@CurrentUser() me: AuthUser, @Param('id', UuidPipe) id: string): Promise<PatientDto> {
    return this.patients.findOne(me, id);
  }
}
