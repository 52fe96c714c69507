import { ApiProperty } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import type { Appointment, AppointmentStatus } from './appointment.entity.js';

export class AppointmentPersonDto {
  id: string;
  name: string;
  surname: string;
}

export class AppointmentDoctorDto extends AppointmentPersonDto {
  specialty: string | null;
}

/** Instants are UTC ISO-8601 strings (`2026-12-01T08:00:00.000Z`), as a Date would serialize. */
export class AppointmentDto {
  id: string;
  patient: AppointmentPersonDto;
  doctor: AppointmentDoctorDto;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T08:00:00.000Z' })
  startsAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T08:30:00.000Z' })
  endsAt: string;
  status: AppointmentStatus;
  reason: string | null;
  /** Only for the appointment's doctor and admins. */
  notes?: string | null;
  cancelReason: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
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
