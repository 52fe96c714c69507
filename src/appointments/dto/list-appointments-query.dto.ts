import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../appointment.entity.js';
import { IsInstant } from '../../common/is-instant.js';

export class ListAppointmentsQueryDto extends PageQueryDto {
  /** Appointments that end after this instant. */
  @IsOptional()
  @IsInstant()
  from?: string;

  /** Appointments that start before this instant. */
  @IsOptional()
  @IsInstant()
  to?: string;

  @IsOptional()
  @IsIn(APPOINTMENT_STATUSES)
  status?: AppointmentStatus;

  @IsOptional()
  @IsUUID()
  doctorId?: string;

  /** Narrows an admin's list; for others it only ever narrows their own. */
  @IsOptional()
  @IsUUID()
  patientId?: string;
}
