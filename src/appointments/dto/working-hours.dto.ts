import { IsInt, Matches, Max, Min } from 'class-validator';

export class WorkingHoursDto {
  /** 0 = Sunday ... 6 = Saturday. @example 1 */
  @IsInt()
  @Min(0)
  @Max(6)
  weekday: number;

  /** Local time in CLINIC_TIMEZONE. @example "09:00" */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM' })
  start: string;

  /** Local time, after start. @example "13:00" */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM' })
  end: string;

  /** Length of the bookable slots. @example 30 */
  @IsInt()
  @Min(5)
  @Max(240)
  slotMinutes: number;
}

export class AvailabilityQueryDto {
  /** A calendar day in CLINIC_TIMEZONE. @example "2026-12-01" */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be YYYY-MM-DD' })
  date: string;
}

export class SlotDto {
  /** UTC, like every instant the API returns. @example "2026-12-01T08:00:00.000Z" */
  startsAt: string;
  /** @example "2026-12-01T08:30:00.000Z" */
  endsAt: string;
}
