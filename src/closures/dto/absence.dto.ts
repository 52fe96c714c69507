import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant } from '../../common/is-instant.js';
import { IsOmittable } from '../../common/is-omittable.js';
import { AffectedAppointmentDto } from './closure.dto.js';

export class CreateAbsenceDto {
  /** ISO-8601 with offset. @example "2026-12-14T09:00:00+01:00" */
  @IsInstant()
  startsAt: string;

  /** After startsAt, at most 366 days later. @example "2026-12-18T20:00:00+01:00" */
  @IsInstant()
  endsAt: string;

  /** Seen by staff only (patients are told their doctor is away). @example "Congreso de cardiología" */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class AbsencesQueryDto {
  /** Absences ending after this instant (default: now). @example "2026-01-01T00:00:00+01:00" */
  @IsOmittable()
  @IsInstant()
  from?: string;
}

export class AbsenceDto {
  id: string;
  doctorId: string;
  /** ISO-8601 UTC. */
  startsAt: string;
  endsAt: string;
  reason: string | null;
}

export class CreatedAbsenceDto extends AbsenceDto {
  /** The appointments it covers (patients are mailed). */
  affected: AffectedAppointmentDto[];
}
