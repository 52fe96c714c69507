import { IsIn, IsOptional } from 'class-validator';
import { ROLES, type Role } from '../../auth/roles.js';
import { IsName, IsNormalizedEmail, IsPassword } from './fields.js';
import { ProfileDto } from './profile.dto.js';

export class CreateUserDto extends ProfileDto {
  /** @example "Ana" */
  @IsName()
  name: string;

  /** @example "García" */
  @IsName()
  surname: string;

  /** Trimmed and lower-cased. @example "ana.garcia@vitalis.example" */
  @IsNormalizedEmail()
  email: string;

  /** 8 to 72 bytes (UTF-8). */
  @IsPassword()
  password: string;

  @IsIn(ROLES)
  rol: Role;

  /** Doctors only. @example "Cardiología" */
  @IsOptional()
  @IsName()
  specialty?: string;
}
