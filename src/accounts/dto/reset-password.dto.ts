import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsPassword } from '../../users/dto/fields.js';

export class ResetPasswordDto {
  /** The token of the mailed link (after `#token=`). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  token: string;

  /** The new password: 8 to 72 bytes (UTF-8), not a common one. */
  @IsPassword()
  password: string;
}
