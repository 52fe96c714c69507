import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { AppError } from '../common/app-error.js';
import type { PatientDto } from '../users/user.dto.js';
import { UsersService } from '../users/users.service.js';
import { Appointment } from './appointment.entity.js';
import { isTheirPatient } from './booking-parties.js';

/**
 * Patients as the clinic's staff see them: admins any patient; a doctor only their own (isTheirPatient: an
 * appointment together, in any status). Here, not in users, because whose doctor one is lives in the appointments.
 */
@Injectable()
export class PatientsService {
  constructor(
    @InjectRepository(Appointment) private readonly appointments: Repository<Appointment>,
    private readonly users: UsersService,
  ) {}

  async findOne(me: AuthUser, id: string): Promise<PatientDto> {
    // A stranger's patient answers as an unknown id: 404 never says whether the patient exists.
    if (me.rol !== 'admin' && !(await isTheirPatient(this.appointments, me.id, id))) {
      throw new AppError('NOT_FOUND');
    }
    return this.users.findPatient(id);
  }
}
