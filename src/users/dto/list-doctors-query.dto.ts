import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Filters of GET /api/doctors; both together narrow the list. Blank, a filter is not applied. */
export class ListDoctorsQueryDto {
  /**
   * Doctors of this specialty, compared without regard to case or accents (`cardiologia` finds Cardiología):
   * one of GET /api/specialties. @example "cardiologia"
   */
  @IsOptional()
  @trim
  @IsString()
  @MaxLength(100)
  specialty?: string;

  /**
   * Words that must each appear in the doctor's name or surname, without regard to case or accents.
   * @example "lopez ana"
   */
  @IsOptional()
  @trim
  @IsString()
  @MaxLength(100)
  search?: string;
}
