import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsName, IsNormalizedEmail, IsPassword } from '../../users/dto/fields.js';

export class RegisterDto {
  /** @example "Lucía" */
  @IsName()
  name: string;

  /** @example "Martín" */
  @IsName()
  surname: string;

  /** Trimmed and lower-cased. @example "lucia@example.com" */
  @IsNormalizedEmail()
  email: string;

  /** 8 to 72 bytes (UTF-8). @example "una-clave-larga" */
  @IsPassword()
  password: string;

  /** Equal to KEY_FOR_ADMIN: the account is an admin. Wrong (or admin registration off): 403 INVALID_ADMIN_KEY. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  adminKey?: string;
}
