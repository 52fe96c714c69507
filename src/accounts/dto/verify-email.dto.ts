import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class VerifyEmailDto {
  /** The token of the mailed link (after `#token=`). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  token: string;
}
