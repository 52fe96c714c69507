import { IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../appointment.entity.js';
import { IsInstant } from '../../common/is-instant.js';

export class UpdateAppointmentDto {
  /** Reschedule (with endsAt): the same rules as booking. */
  @IsOptional()
  @IsInstant()
  startsAt?: string;

  @IsOptional()
  @IsInstant()
  endsAt?: string;

  /** Its doctor and admins only; see the status machine. */
  @IsOptional()
  @IsIn(APPOINTMENT_STATUSES)
  status?: AppointmentStatus;

  /** Its doctor and admins only; never shown to patients. null clears them. */
  @ValidateIf((_dto, value) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(5000)
  notes?: string | null;
}
