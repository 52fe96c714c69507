import { IsOptional, IsString, MaxLength } from 'class-validator';

export class RefreshDto {
  /** Omit it to use the refresh_token cookie (then send x-csrf-token). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}
