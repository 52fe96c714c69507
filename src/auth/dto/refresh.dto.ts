import { IsString, MaxLength } from 'class-validator';
import { IsOmittable } from '../../common/is-omittable.js';

export class RefreshDto {
  /** Omit it to use the refresh_token cookie (then send x-csrf-token). */
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}
