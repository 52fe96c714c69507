import { IsOptional, IsUUID, MaxLength, IsString } from 'class-validator';
import { Transform } from 'class-transformer';
import { IsInstant } from '../../common/is-instant.js';
import { IsOmittable } from '../../common/is-omittable.js';

export class CreateAppointmentDto {
  /**
   * An active doctor (GET /api/doctors); a doctor booking a follow-up gives their own id.
   * @example "5b0f8e1c-2d7a-4c39-9a61-3f4e8b2d1c07"
   */
  @IsUUID()
  doctorId: string;

  /**
   * Admins and doctors, and required for them: the patient to book for (a doctor's own patient: one they have an
   * appointment with). A patient books for themselves. @example "0c6a3f52-9e1b-4d8f-b7a4-62d15e9c3a80"
   */
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
