import { IsBoolean, IsIn, ValidateIf } from 'class-validator';
import { IsOmittable } from '../../common/is-omittable.js';
import { ROLES, type Role } from '../../auth/roles.js';
import { IsName } from './fields.js';
import { ProfileDto } from './profile.dto.js';

export class UpdateUserDto extends ProfileDto {
  @IsOmittable()
  @IsName()
  name?: string;

  @IsOmittable()
  @IsName()
  surname?: string;

  @IsOmittable()
  @IsIn(ROLES)
  rol?: Role;

  /** Doctors only; null clears it. */
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsName()
  specialty?: string | null;

  /** false disables the account and ends all its sessions at once. */
  @IsOmittable()
  @IsBoolean()
  isActive?: boolean;
}
