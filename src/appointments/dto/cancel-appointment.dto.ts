import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CancelAppointmentDto {
  /** @example "No puedo asistir" */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
