import { PickType } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsOmittable } from '../../common/is-omittable.js';
import { CreateUserDto } from '../../users/dto/create-user.dto.js';

/** The fields of a user an applicant may choose; the role is never one of them. */
export class RegisterDto extends PickType(CreateUserDto, ['name', 'surname', 'email', 'password'] as const) {
  /** Equal to KEY_FOR_ADMIN: the account is an admin. Wrong (or admin registration off): 403 INVALID_ADMIN_KEY. */
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  adminKey?: string;
}
