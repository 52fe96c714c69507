import { IsIn, IsString, MaxLength, ValidateIf } from 'class-validator';
import { IsOmittable } from '../../common/is-omittable.js';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../appointment.entity.js';
import { IsInstant } from '../../common/is-instant.js';

export class UpdateAppointmentDto {
  /** Reschedule (with endsAt): the same rules as booking. */
  @IsOmittable()
  @IsInstant()
  startsAt?: string;

  @IsOmittable()
  @IsInstant()
  endsAt?: string;

  /** Its doctor and admins only; see the status machine. */
  @IsOmittable()
  @IsIn(APPOINTMENT_STATUSES)
  status?: AppointmentStatus;

  /** Its doctor and admins only; never shown to patients. null clears them. */
  @ValidateIf((_dto, value) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(5000)
  notes?: string | null;
}
