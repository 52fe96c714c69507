import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsPassword } from '../../users/dto/fields.js';

export class ResetPasswordDto {
  /** The token of the mailed link (after `#token=`). @example "Xa9dpFbqktMM2iV5koMqBr_q0k9J53A3JZSVNMPf7-Y" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  token: string;

  /** The new password: 8 to 72 bytes (UTF-8), not a common one. @example "una frase nueva y larga" */
  @IsPassword()
  password: string;
}
