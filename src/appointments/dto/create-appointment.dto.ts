import { IsOptional, IsUUID, MaxLength, IsString } from 'class-validator';
import { Transform } from 'class-transformer';
import { IsInstant } from '../../common/is-instant.js';
import { IsOmittable } from '../../common/is-omittable.js';

export class CreateAppointmentDto {
  /** An active doctor (GET /api/doctors). */
  @IsUUID()
  doctorId: string;

  /** Admins only: the patient to book for. A patient books for themselves. */
  @IsOmittable()
  @IsUUID()
  patientId?: string;

  /** ISO-8601 with offset. @example "2026-12-01T09:00:00+01:00" */
  @IsInstant()
  startsAt: string;

  /** 5 to 240 minutes after startsAt. @example "2026-12-01T09:30:00+01:00" */
  @IsInstant()
  endsAt: string;

  /** @example "Revisión anual" */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(500)
  reason?: string;
}
