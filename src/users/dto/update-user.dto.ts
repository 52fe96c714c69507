import { IsBoolean, IsIn, IsOptional, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '../user.entity.js';
import { IsName } from './fields.js';

export class UpdateUserDto {
  @IsOptional()
  @IsName()
  name?: string;

  @IsOptional()
  @IsName()
  surname?: string;

  @IsOptional()
  @IsIn(ROLES)
  rol?: Role;

  /** Doctors only; null clears it. */
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsName()
  specialty?: string | null;

  /** false disables the account and ends all its sessions at once. */
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}
