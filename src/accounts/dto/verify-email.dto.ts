import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class VerifyEmailDto {
  /** The token of the mailed link (after `#token=`). @example "Xa9dpFbqktMM2iV5koMqBr_q0k9J53A3JZSVNMPf7-Y" */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  token: string;
}
