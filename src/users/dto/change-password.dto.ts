import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsPassword } from './fields.js';

export class ChangePasswordDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  currentPassword: string;

  /** 8 to 72 bytes (UTF-8). */
  @IsPassword()
  newPassword: string;
}
