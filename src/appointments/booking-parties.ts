import type { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { AppError } from '../common/app-error.js';
import type { Appointment } from './appointment.entity.js';
import type { CreateAppointmentDto } from './dto/create-appointment.dto.js';

/**
 * Whom a booking is for, by the caller's role: a patient books for themselves (naming anyone else is 403); an admin
 * names the patient; a doctor names the patient and books with themselves only (a follow-up; another doctorId is
 * 403). Whether a doctor may book for that patient at all is isTheirPatient's.
 */
export function patientFor(me: AuthUser, dto: Pick<CreateAppointmentDto, 'doctorId' | 'patientId'>): string {
  if (me.rol === 'user') {
    if (dto.patientId !== undefined && dto.patientId !== me.id) {
      throw new AppError('FORBIDDEN_ROLE');
    }
    return me.id;
  }
  if (!dto.patientId) {
    throw new AppError('VALIDATION_FAILED', [
      {
        field: 'patientId',
        constraints: { patientIdRequired: 'an admin or a doctor must name the patient' },
      },
    ]);
  }
  if (me.rol === 'doctor' && dto.doctorId !== me.id) {
    throw new AppError('FORBIDDEN_ROLE');
  }
  return dto.patientId;
}

/**
 * Whether the patient is this doctor's: an appointment of the two exists, in any status, past or future (a
 * cancelled one still made them that patient's doctor). Appointments are only deleted for good by admins, so every
 * row counts. A doctor cannot start the relation: only patients and admins book a first appointment. The one rule
 * for reading the patient's profile and for booking them a follow-up.
 */
export function isTheirPatient(
  appointments: Repository<Appointment>,
  doctorId: string,
  patientId: string,
): Promise<boolean> {
  return appointments.existsBy({ doctorId, patientId });
}
