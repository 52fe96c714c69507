import type { AuthUser } from '../common/auth-user.js';
import type { Appointment, AppointmentStatus } from './appointment.entity.js';

export class AppointmentPersonDto {
  id: string;
  name: string;
  surname: string;
}

export class AppointmentDoctorDto extends AppointmentPersonDto {
  specialty: string | null;
}

export class AppointmentDto {
  id: string;
  patient: AppointmentPersonDto;
  doctor: AppointmentDoctorDto;
  startsAt: Date;
  endsAt: Date;
  status: AppointmentStatus;
  reason: string | null;
  /** Only for the appointment's doctor and admins. */
  notes?: string | null;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export class AppointmentPageMetaDto {
  page: number;
  limit: number;
  total: number;
}

export class AppointmentPageDto {
  data: AppointmentDto[];
  meta: AppointmentPageMetaDto;
}

/** Staff who may read the clinical notes: admins and the appointment's own doctor. */
export function seesNotes(viewer: AuthUser, appointment: Pick<Appointment, 'doctorId'>): boolean {
  return viewer.rol === 'admin' || appointment.doctorId === viewer.id;
}

/** Needs patient and doctor loaded. */
export function toAppointmentDto(appointment: Appointment, viewer: AuthUser): AppointmentDto {
  const { id, startsAt, endsAt, status, reason, cancelReason, createdAt, updatedAt } = appointment;
  const patient = appointment.patient!;
  const doctor = appointment.doctor!;
  return {
    id,
    patient: { id: patient.id, name: patient.name, surname: patient.surname },
    doctor: { id: doctor.id, name: doctor.name, surname: doctor.surname, specialty: doctor.specialty },
    startsAt,
    endsAt,
    status,
    reason,
    ...(seesNotes(viewer, appointment) ? { notes: appointment.notes } : {}),
    cancelReason,
    createdAt,
    updatedAt,
  };
}
