import { Transform, Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsInstant } from '../../common/is-instant.js';
import { IsOmittable } from '../../common/is-omittable.js';

export class FindCareQueryDto {
  /** Matched as GET /api/doctors matches it: whole, case- and accent-insensitively. @example "cardiologia" */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  specialty: string;

  /** Slots starting at or after this instant (default: now). @example "2026-12-14T08:00:00+01:00" */
  @IsOmittable()
  @IsInstant()
  from?: string;

  /** Slots ending by this instant (default: 14 days after `from`; at most 62 days after it). */
  @IsOmittable()
  @IsInstant()
  to?: string;

  /** How many of the earliest slots (1 to 50, default 10). */
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 10;
}

export class CareSlotDoctorDto {
  id: string;
  name: string;
  surname: string;
  specialty: string | null;
}

export class CareSlotDto {
  /** ISO-8601 UTC, bookable as it is with POST /api/appointments. */
  startsAt: string;
  endsAt: string;
  doctor: CareSlotDoctorDto;
}
