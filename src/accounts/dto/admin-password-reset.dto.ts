import { IsBoolean, IsOptional } from 'class-validator';

export class AdminPasswordResetDto {
  /** Also end every session of the user now (a stolen or shared account). Default false. @example true */
  @IsOptional()
  @IsBoolean()
  revokeSessions?: boolean;
}
