import type { User } from './user.entity.js';
import type { Role } from '../auth/roles.js';

/** A user as the API shows it: never the password hash. */
export class UserDto {
  id: string;
  name: string;
  surname: string;
  email: string;
  /** user (patient), doctor or admin. */
  rol: Role;
  specialty: string | null;
  isActive: boolean;
  createdAt: Date;
}

export class DoctorDto {
  id: string;
  name: string;
  surname: string;
  specialty: string | null;
}

export class DoctorListDto {
  data: DoctorDto[];
}

export class UserPageMetaDto {
  page: number;
  limit: number;
  total: number;
}

export class UserPageDto {
  data: UserDto[];
  meta: UserPageMetaDto;
}

export function toUserDto(user: User): UserDto {
  const { id, name, surname, email, rol, specialty, isActive, createdAt } = user;
  return { id, name, surname, email, rol, specialty, isActive, createdAt };
}

export function toDoctorDto(user: User): DoctorDto {
  const { id, name, surname, specialty } = user;
  return { id, name, surname, specialty };
}
