import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.js';
import { ROLES, type Role } from '../../auth/roles.js';

export class ListUsersQueryDto extends PageQueryDto {
  /** Matches name, surname or e-mail, case-insensitively. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @IsOptional()
  @IsIn(ROLES)
  rol?: Role;
}
