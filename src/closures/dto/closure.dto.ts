import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsOmittable } from '../../common/is-omittable.js';
import { IsCalendarDay } from './calendar-day.js';

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

export class CreateClosureDto {
  /** The first day the clinic is closed, in CLINIC_TIMEZONE. @example "2026-12-25" */
  @IsCalendarDay()
  firstDay: string;

  /** The last day closed (default: firstDay). At most 365 days after firstDay. @example "2026-12-26" */
  @IsOmittable()
  @IsCalendarDay()
  lastDay?: string;

  /** Shown to patients whose appointments it touches. @example "Navidad" */
  @trim
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  label: string;
}

export class AffectsQueryDto {
  /** `true`: the scheduled and confirmed appointments it covers are cancelled in the same transaction. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  cancelAffected?: boolean;
}

export class ClosuresQueryDto {
  /** Closures ending on or after this day (default: today, in CLINIC_TIMEZONE). @example "2026-01-01" */
  @IsOmittable()
  @IsCalendarDay()
  from?: string;
}

/** A scheduled or confirmed appointment a closure or an absence covers, as it is after the change. */
export class AffectedAppointmentDto {
  id: string;
  doctorId: string;
  patientId: string;
  /** ISO-8601 UTC. */
  startsAt: string;
  endsAt: string;
  /** `cancelled` with ?cancelAffected=true, else unchanged. */
  status: string;
}

export class ClosureDto {
  id: string;
  /** @example "2026-12-25" */
  firstDay: string;
  /** @example "2026-12-26" */
  lastDay: string;
  /** @example "Navidad" */
  label: string;
  /** The instants the days cover in CLINIC_TIMEZONE when the closure was made (ISO-8601 UTC). */
  startsAt: string;
  endsAt: string;
}

export class CreatedClosureDto extends ClosureDto {
  /** The appointments it covers (patients are mailed). */
  affected: AffectedAppointmentDto[];
}
